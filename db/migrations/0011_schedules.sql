-- Tells schedulers when a scheduled run ends (whoever ends it: a worker, a cancel, the sweeper), so a tick
-- queued behind it (overlap 'queue') starts at once instead of on a poll.
CREATE FUNCTION pipewright_scheduled_run_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pipewright_schedules', 'run_ended:' || NEW.schedule_id::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER runs_scheduled_run_ended AFTER UPDATE OF status ON runs FOR EACH ROW
  WHEN (NEW.schedule_id IS NOT NULL AND NEW.status IN ('succeeded', 'failed', 'cancelled') AND OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION pipewright_scheduled_run_ended();
