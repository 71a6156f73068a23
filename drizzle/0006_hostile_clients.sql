-- Session of 2026-12-03 (issues 16, 20 and 21). Written by hand (a dropped column drops its index, which
-- drizzle-kit does not recreate; backfills); meta/0006_snapshot.json is drizzle-kit's snapshot of schema.ts after it.
SELECT 1;
--> statement-breakpoint
-- Issue 20.2: what the team shared with guests, recorded by the server (shared_items).
CREATE TABLE "shared_items" (
	"case_id" text NOT NULL,
	"activity_id" text NOT NULL,
	"kind" text NOT NULL,
	"item_id" text NOT NULL,
	"shared_by" text,
	"shared_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shared_items_case_id_activity_id_pk" PRIMARY KEY("case_id","activity_id")
);
--> statement-breakpoint
ALTER TABLE "shared_items" ADD CONSTRAINT "shared_items_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "shared_items_item_idx" ON "shared_items" USING btree ("case_id","kind","item_id");
--> statement-breakpoint
-- Backfill: an entry counts as shared by the team when it is in the shared document
-- (activity_index, side shared), the team document has an entry with the same id, and
-- the audit log's latest 'activity.share' naming it on that case is not followed by an
-- 'activity.unshare' of it. What it opens is read from the team entry (never from the
-- shared copy, which guests can edit), and only if that email or file is on this case.
INSERT INTO "shared_items" ("case_id", "activity_id", "kind", "item_id", "shared_by", "shared_at")
SELECT s."case_id", s."activity_id",
	CASE WHEN e."id" IS NOT NULL THEN 'email' WHEN f."id" IS NOT NULL THEN 'file' ELSE 'activity' END,
	COALESCE(e."id", f."id", s."activity_id"),
	a."actor_id", a."at"
FROM "activity_index" s
JOIN "activity_index" t ON t."case_id" = s."case_id" AND t."side" = 'team' AND t."activity_id" = s."activity_id"
JOIN LATERAL (
	SELECT l."id", l."actor_id", l."at" FROM "audit_log" l
	WHERE l."action" = 'activity.share' AND l."subject_id" = s."case_id" AND l."workspace_id" = s."workspace_id"
		AND l."data" -> 'activityIds' @> jsonb_build_array(s."activity_id")
	ORDER BY l."id" DESC LIMIT 1
) a ON true
LEFT JOIN "emails" e ON e."id" = t."email_id" AND e."case_id" = t."case_id"
LEFT JOIN "files" f ON f."id" = t."file_id" AND f."case_id" = t."case_id"
WHERE s."side" = 'shared'
	AND NOT EXISTS (
		SELECT 1 FROM "audit_log" u
		WHERE u."action" = 'activity.unshare' AND u."subject_id" = s."case_id" AND u."data" ->> 'activityId' = s."activity_id" AND u."id" > a."id"
	)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- The shared side of the projection names an email or file only where the team shared it.
UPDATE "activity_index" s SET "email_id" = NULL, "file_id" = NULL
WHERE s."side" = 'shared' AND (s."email_id" IS NOT NULL OR s."file_id" IS NOT NULL)
	AND NOT EXISTS (
		SELECT 1 FROM "shared_items" i
		WHERE i."case_id" = s."case_id" AND i."activity_id" = s."activity_id" AND i."item_id" IN (s."email_id", s."file_id")
	);
--> statement-breakpoint
-- Issue 21.5: the words of an email's HTML part are searched too (html_text: html-to-text of the sanitized
-- HTML, bounded, written by the parser for new mail). The search vector is rebuilt to include them.
ALTER TABLE "emails" DROP COLUMN "search";
--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "html_text" text;
--> statement-breakpoint
-- Backfill for mail stored before: the same words, taken in SQL from the stored sanitized HTML (tags out,
-- the entities the sanitizer writes decoded), so every old email is searchable as soon as this runs.
UPDATE "emails" SET "html_text" = left(btrim(regexp_replace(
	replace(replace(replace(replace(replace(replace(
		regexp_replace("html", '<[^>]*>', ' ', 'g'),
	'&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&'),
	'\s+', ' ', 'g')), 200000)
WHERE "html" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', coalesce(subject, '') || ' ' || coalesce(from_name, '') || ' ' || coalesce(from_address, '') || ' ' || left(coalesce(text_body, ''), 200000) || ' ' || left(coalesce(html_text, ''), 200000))) STORED;
--> statement-breakpoint
CREATE INDEX "emails_search_idx" ON "emails" USING gin ("search");
--> statement-breakpoint
-- Issue 20.9: .mbox/.eml uploads imported as resumable jobs, with their progress.
CREATE TABLE "email_imports" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"case_id" text NOT NULL,
	"created_by" text,
	"state" text DEFAULT 'queued' NOT NULL,
	"run_token" text,
	"files" jsonb NOT NULL,
	"file_index" bigint DEFAULT 0 NOT NULL,
	"file_offset" bigint DEFAULT 0 NOT NULL,
	"file_message" bigint DEFAULT 0 NOT NULL,
	"total" bigint NOT NULL,
	"imported" bigint DEFAULT 0 NOT NULL,
	"duplicates" bigint DEFAULT 0 NOT NULL,
	"failed" bigint DEFAULT 0 NOT NULL,
	"failures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "email_imports" ADD CONSTRAINT "email_imports_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "email_imports" ADD CONSTRAINT "email_imports_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "email_imports_case_idx" ON "email_imports" USING btree ("case_id","created_at");
--> statement-breakpoint
-- Issue 20.4: a notification records which document of its case it describes, so read access
-- is asked again when it is read. Earlier case notifications were all about the team document.
ALTER TABLE "notifications" ADD COLUMN "side" text;
--> statement-breakpoint
UPDATE "notifications" SET "side" = 'team' WHERE "case_id" IS NOT NULL;
--> statement-breakpoint
-- Issue 20.11: a promise's side (DESIGN §3): only what the team promised counts in kept-promise rates.
ALTER TABLE "expectation_index" ADD COLUMN "promise_side" text DEFAULT 'team' NOT NULL;
--> statement-breakpoint
-- Issue 16.1: webhooks, their outbox (one delivery per event and webhook, written with the change) and attempts.
CREATE TABLE "webhooks" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"created_by" text NOT NULL,
	"url" text NOT NULL,
	"format" text DEFAULT 'standard' NOT NULL,
	"events" jsonb NOT NULL,
	"secret" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"failing_since" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"disabled_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "webhooks_workspace_idx" ON "webhooks" USING btree ("workspace_id");
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"webhook_id" text NOT NULL,
	"workspace_id" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"case_id" text,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" bigint DEFAULT 0 NOT NULL,
	"last_status_code" bigint,
	"last_error" text,
	"response_excerpt" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"next_attempt_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "webhook_deliveries_webhook_idx" ON "webhook_deliveries" USING btree ("webhook_id","created_at");
--> statement-breakpoint
CREATE INDEX "webhook_deliveries_status_idx" ON "webhook_deliveries" USING btree ("status","finished_at");
--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"delivery_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_code" bigint,
	"error" text,
	"response_excerpt" text,
	"duration_ms" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_webhook_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."webhook_deliveries"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "webhook_attempts_delivery_idx" ON "webhook_attempts" USING btree ("delivery_id","id");
--> statement-breakpoint
-- Issue 21.6: mail in triage can be marked as spam (hidden from the triage list, reversible; who did it is in the audit log).
ALTER TABLE "emails" ADD COLUMN "spam_at" timestamp with time zone;
--> statement-breakpoint
CREATE INDEX "emails_triage_idx" ON "emails" USING btree ("workspace_id","created_at") WHERE "emails"."case_id" is null;
