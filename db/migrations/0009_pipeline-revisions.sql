ALTER TABLE "pipeline_versions" ADD COLUMN "kind" text DEFAULT 'run' NOT NULL;--> statement-breakpoint
ALTER TABLE "pipeline_versions" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "pipelines" ADD COLUMN "revision" integer DEFAULT 0 NOT NULL;