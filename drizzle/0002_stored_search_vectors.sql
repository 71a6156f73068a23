DROP INDEX "activity_index_search_idx";--> statement-breakpoint
DROP INDEX "emails_search_idx";--> statement-breakpoint
DROP INDEX "files_search_idx";--> statement-breakpoint
ALTER TABLE "activity_index" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', summary || ' ' || left(body_text, 200000))) STORED;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', coalesce(subject, '') || ' ' || coalesce(from_name, '') || ' ' || coalesce(from_address, '') || ' ' || left(coalesce(text_body, ''), 200000))) STORED;--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', coalesce(name, '') || ' ' || left(coalesce(text, ''), 400000))) STORED;--> statement-breakpoint
CREATE INDEX "activity_index_file_idx" ON "activity_index" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "activity_index_email_idx" ON "activity_index" USING btree ("email_id");--> statement-breakpoint
CREATE INDEX "activity_index_search_idx" ON "activity_index" USING gin ("search");--> statement-breakpoint
CREATE INDEX "emails_search_idx" ON "emails" USING gin ("search");--> statement-breakpoint
CREATE INDEX "files_search_idx" ON "files" USING gin ("search");