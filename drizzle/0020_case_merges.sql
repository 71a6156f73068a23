CREATE TABLE "case_merges" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"from_case_id" text NOT NULL,
	"into_case_id" text NOT NULL,
	"actor_id" text,
	"moved" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "merged_into" text;--> statement-breakpoint
ALTER TABLE "case_merges" ADD CONSTRAINT "case_merges_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_merges" ADD CONSTRAINT "case_merges_from_case_id_cases_id_fk" FOREIGN KEY ("from_case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_merges" ADD CONSTRAINT "case_merges_into_case_id_cases_id_fk" FOREIGN KEY ("into_case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_merges_from_idx" ON "case_merges" USING btree ("from_case_id","at");--> statement-breakpoint
CREATE INDEX "case_merges_into_idx" ON "case_merges" USING btree ("into_case_id");