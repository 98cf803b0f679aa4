/** The notification queries for route modules: a .server module, so none of it reaches the browser bundle. */
export { countUnread, listNotifications, listPreferences, markNotificationsRead, savePreferences } from '../../db/queries/notifications';
