CREATE TABLE "doc_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"side" text NOT NULL,
	"target" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"author_ids" jsonb NOT NULL,
	"state" "bytea" NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "doc_versions" ADD CONSTRAINT "doc_versions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "doc_versions_target_idx" ON "doc_versions" USING btree ("case_id","side","target","at");