-- Tell every web process when a session ends (any delete: sign-out, password change, expiry clean-up,
-- a deleted user) or a member leaves a team, so it closes that session's or user's WebSockets.
-- Channel and payloads: graphql/socket-sessions.ts.
CREATE FUNCTION "pipewright_notify_session_ended"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pipewright_sessions_ended', 'session:' || OLD.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "sessions_ended_notify" AFTER DELETE ON "sessions"
  FOR EACH ROW EXECUTE FUNCTION "pipewright_notify_session_ended"();
--> statement-breakpoint
CREATE FUNCTION "pipewright_notify_membership_ended"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pipewright_sessions_ended', 'user:' || OLD.user_id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "memberships_ended_notify" AFTER DELETE ON "memberships"
  FOR EACH ROW EXECUTE FUNCTION "pipewright_notify_membership_ended"();
