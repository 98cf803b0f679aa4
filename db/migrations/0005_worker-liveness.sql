CREATE TABLE "workers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pid" integer NOT NULL,
	"host" text NOT NULL,
	"concurrency" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"live_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "node_runs" ADD COLUMN "job_id" uuid;--> statement-breakpoint
ALTER TABLE "node_runs" ADD COLUMN "queued_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "node_runs_unfinished" ON "node_runs" USING btree ("status") WHERE "node_runs"."status" in ('queued', 'running');