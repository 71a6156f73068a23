CREATE TABLE "activity_index" (
	"case_id" text NOT NULL,
	"activity_id" text NOT NULL,
	"side" text NOT NULL,
	"workspace_id" text NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text,
	"summary" text NOT NULL,
	"body_text" text DEFAULT '' NOT NULL,
	"email_id" text,
	"file_id" text,
	CONSTRAINT "activity_index_case_id_side_activity_id_pk" PRIMARY KEY("case_id","side","activity_id")
);
--> statement-breakpoint
CREATE TABLE "emails" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"case_id" text,
	"thread_id" text NOT NULL,
	"activity_id" text,
	"direction" text NOT NULL,
	"send_status" text,
	"send_error" text,
	"message_id" text,
	"in_reply_to" text,
	"references" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"from_address" text DEFAULT '' NOT NULL,
	"from_name" text DEFAULT '' NOT NULL,
	"to" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cc" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sent_at" timestamp with time zone,
	"text_body" text DEFAULT '' NOT NULL,
	"html" text,
	"raw_sha256" text NOT NULL,
	"raw_size" bigint NOT NULL,
	"dedupe_key" text NOT NULL,
	"parse_error" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "files" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"case_id" text,
	"email_id" text,
	"activity_id" text,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"text_status" text DEFAULT 'none' NOT NULL,
	"text_reason" text,
	"text" text,
	"pages" bigint,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" bigint DEFAULT 0 NOT NULL,
	"max_attempts" bigint DEFAULT 5 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activity_index" ADD CONSTRAINT "activity_index_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emails" ADD CONSTRAINT "emails_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emails" ADD CONSTRAINT "emails_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_email_id_emails_id_fk" FOREIGN KEY ("email_id") REFERENCES "public"."emails"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activity_index_case_at_idx" ON "activity_index" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "activity_index_search_idx" ON "activity_index" USING gin (to_tsvector('simple', "summary" || ' ' || "body_text"));--> statement-breakpoint
CREATE UNIQUE INDEX "emails_dedupe_key" ON "emails" USING btree ("workspace_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "emails_case_idx" ON "emails" USING btree ("case_id","sent_at");--> statement-breakpoint
CREATE INDEX "emails_thread_idx" ON "emails" USING btree ("workspace_id","thread_id");--> statement-breakpoint
CREATE INDEX "emails_message_id_idx" ON "emails" USING btree ("workspace_id","message_id");--> statement-breakpoint
CREATE INDEX "emails_search_idx" ON "emails" USING gin (to_tsvector('simple', coalesce("subject", '') || ' ' || coalesce("from_name", '') || ' ' || coalesce("from_address", '') || ' ' || left(coalesce("text_body", ''), 200000)));--> statement-breakpoint
CREATE INDEX "files_case_idx" ON "files" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE INDEX "files_email_idx" ON "files" USING btree ("email_id");--> statement-breakpoint
CREATE INDEX "files_search_idx" ON "files" USING gin (to_tsvector('simple', coalesce("name", '') || ' ' || left(coalesce("text", ''), 500000)));--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("done_at","run_at");