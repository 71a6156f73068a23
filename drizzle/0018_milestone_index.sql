CREATE TABLE "milestone_index" (
	"case_id" text NOT NULL,
	"milestone_id" text NOT NULL,
	"workspace_id" text NOT NULL,
	"title" text NOT NULL,
	"due_at" timestamp with time zone,
	"status" text NOT NULL,
	"notice" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "milestone_index_case_id_milestone_id_pk" PRIMARY KEY("case_id","milestone_id")
);
--> statement-breakpoint
ALTER TABLE "milestone_index" ADD CONSTRAINT "milestone_index_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "milestone_index_due_idx" ON "milestone_index" USING btree ("status","due_at");