-- Issue 19 (fan-out): cheaper writes of a send to thousands.
--
-- 1. volunteers_match_idx without last_asked_at. Matching orders by last_asked_at ASC NULLS FIRST,
--    which an ascending index (nulls last) cannot return in order, so the column never served a
--    query; but as an indexed column it made every ask's "last_asked_at = now" a non-HOT update:
--    a new row version in all nine indexes of volunteers (two of them unique), ~110 ms per 5,000
--    asked. Without it the update is heap-only where the page has room (about 45 ms per 5,000).
DROP INDEX "volunteers_match_idx";--> statement-breakpoint
CREATE INDEX "volunteers_match_idx" ON "volunteers" USING btree ("organization_id","status");--> statement-breakpoint
-- 2. Room for those heap-only updates: new pages of volunteers keep 15 % free (about two more
--    versions of a row per page; page pruning reclaims the old ones). Pages written before this
--    migration get it when the table is rewritten (VACUUM FULL or pg_repack; docs/operations.md).
ALTER TABLE "volunteers" SET (fillfactor = 85);--> statement-breakpoint
-- 3. messages_provider_idx only over messages a provider took: a queued message has no provider id
--    yet, so it no longer goes into this index when queued (and again when sent); every lookup by
--    provider id (webhooks, inbound replies, erasure) has a non-null id and uses the partial index.
DROP INDEX "messages_provider_idx";--> statement-breakpoint
CREATE INDEX "messages_provider_idx" ON "messages" USING btree ("provider_id") WHERE "messages"."provider_id" is not null;--> statement-breakpoint
-- 4. The texts of messages compressed with LZ4 instead of pglz where the server has it
--    (PostgreSQL 14+ built with lz4, as Debian's is; not PGlite): an invitation e-mail's ~2.8 KB of
--    HTML is compressed inline when queued, in about half the time at the same size. Rows already
--    stored keep pglz; both are read alike.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    ALTER TABLE "messages" ALTER COLUMN "html" SET COMPRESSION lz4;
    ALTER TABLE "messages" ALTER COLUMN "body" SET COMPRESSION lz4;
  END IF;
END $$;
