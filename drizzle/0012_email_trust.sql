ALTER TABLE "emails" ADD COLUMN "own_text" text;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "sender_auth" jsonb;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "automatic" text;