-- Issue 19 (fan-out and matching): no JIT compilation for this database's sessions. The match
-- query of a large activity has a high cost estimate (the weekly-limit subquery is costed for
-- every candidate row), so PostgreSQL's default jit_above_cost made it compile its plan with LLVM
-- on every call: ~450 ms of compilation for a query that then ran in ~150 ms, twice in a send to
-- 10,000 (docs/benchmarks.md, "Issue 19: the fan-out, fourth round"). Helferruf's statements are
-- short OLTP statements and report aggregates over summary tables; none gains from JIT.
-- Set on the database (every new session of every app instance, behind a connection pooler too)
-- where the migrating role may; otherwise on that role, which every role may do for itself;
-- otherwise left alone with a notice (docs/configuration.md says how to set it by hand). And SET
-- for the migrating session itself, which goes back to the pool.
DO $$
BEGIN
  BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
  EXCEPTION WHEN insufficient_privilege THEN
    BEGIN
      EXECUTE 'ALTER ROLE CURRENT_USER SET jit = off';
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'jit is left as configured: set jit = off for the database or role of Helferruf (docs/configuration.md)';
    END;
  END;
END $$;
--> statement-breakpoint
SET jit = off;
