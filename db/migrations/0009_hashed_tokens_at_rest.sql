ALTER TABLE "messages" ADD COLUMN "sealed_secrets" text;--> statement-breakpoint
-- Coordinator sessions are stored as the SHA-256 of the cookie value from now on (lib/auth/hashed-sessions.ts); signed-in coordinators stay signed in.
UPDATE "sessions" SET "session_token" = encode(sha256(convert_to("session_token", 'UTF8')), 'hex');--> statement-breakpoint
-- Messages already settled keep no usable link: tokens in their texts and List-Unsubscribe headers are removed (the links themselves keep working: only hashes are looked up).
UPDATE "messages" SET
  "body" = regexp_replace("body", '/(r|confirm|manage|unsubscribe|api/unsubscribe|admin/sign-in/confirm)/[A-Za-z0-9_-]{43}', '/\1/[removed]', 'g'),
  "html" = regexp_replace("html", '/(r|confirm|manage|unsubscribe|api/unsubscribe|admin/sign-in/confirm)/[A-Za-z0-9_-]{43}', '/\1/[removed]', 'g'),
  "headers" = CASE WHEN "headers" ? 'List-Unsubscribe' THEN "headers" - 'List-Unsubscribe' - 'List-Unsubscribe-Post' ELSE "headers" END
WHERE "status" NOT IN ('queued', 'sending');
