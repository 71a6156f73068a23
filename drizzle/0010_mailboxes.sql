CREATE TABLE "mailbox_folders" (
	"mailbox_id" text NOT NULL,
	"path" text NOT NULL,
	"role" text NOT NULL,
	"uid_validity" text NOT NULL,
	"last_uid" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mailbox_folders_mailbox_id_path_pk" PRIMARY KEY("mailbox_id","path")
);
--> statement-breakpoint
CREATE TABLE "mailboxes" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"created_by" text,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"imap_host" text NOT NULL,
	"imap_port" bigint NOT NULL,
	"imap_secure" boolean NOT NULL,
	"imap_user" text NOT NULL,
	"smtp_host" text,
	"smtp_port" bigint,
	"smtp_secure" boolean,
	"smtp_user" text,
	"secrets" text NOT NULL,
	"folders" jsonb NOT NULL,
	"sent_folder" text,
	"sent_found" text,
	"backfill_days" bigint NOT NULL,
	"status" text DEFAULT 'connecting' NOT NULL,
	"last_error" text,
	"retry_at" timestamp with time zone,
	"progress_done" bigint DEFAULT 0 NOT NULL,
	"progress_total" bigint DEFAULT 0 NOT NULL,
	"last_sync_at" timestamp with time zone,
	"messages" bigint DEFAULT 0 NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "mailbox_id" text;--> statement-breakpoint
ALTER TABLE "mailbox_folders" ADD CONSTRAINT "mailbox_folders_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mailboxes_workspace_idx" ON "mailboxes" USING btree ("workspace_id");