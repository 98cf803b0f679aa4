ALTER TABLE "node_runs" ADD COLUMN "dispatch" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "node_runs" ADD COLUMN "lease_expires_at" timestamp with time zone;