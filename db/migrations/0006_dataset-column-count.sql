ALTER TABLE "dataset_versions" ADD COLUMN "column_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "dataset_versions" SET "column_count" = jsonb_array_length("schema"->'columns');--> statement-breakpoint
CREATE INDEX "dataset_versions_blob_key" ON "dataset_versions" USING btree ("blob_key");