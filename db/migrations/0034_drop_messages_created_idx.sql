-- Issue 19: no index on messages.created_at alone. Retention reads per organisation
-- (messages_org_created_idx, which also serves organization_id IS NULL); no other query filters
-- on created_at alone; and every message of a send to thousands wrote an entry into it.
DROP INDEX IF EXISTS "messages_created_idx";
