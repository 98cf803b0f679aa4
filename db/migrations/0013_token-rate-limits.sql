ALTER TABLE "api_tokens" ADD COLUMN "rate_limit_per_minute" integer;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_rate_limit_positive" CHECK ("api_tokens"."rate_limit_per_minute" > 0);--> statement-breakpoint
-- Tell every serving process when a user's access changes without a session ending: a role given or
-- changed, or a session switched to another team. Channel and payload (the user's id): serving/caller-cache.ts.
CREATE FUNCTION "pipewright_notify_access_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pipewright_memberships', NEW.user_id::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "memberships_changed_notify" AFTER INSERT OR UPDATE OF "role" ON "memberships"
  FOR EACH ROW EXECUTE FUNCTION "pipewright_notify_access_changed"();
--> statement-breakpoint
CREATE TRIGGER "sessions_team_switched_notify" AFTER UPDATE OF "active_team_id" ON "sessions"
  FOR EACH ROW WHEN (OLD."active_team_id" IS DISTINCT FROM NEW."active_team_id") EXECUTE FUNCTION "pipewright_notify_access_changed"();
