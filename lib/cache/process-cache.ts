/**
 * Small per-process caches for data that public pages read on every request but coordinators
 * change rarely: the public organisation and its active activities (issue 19: a warm registration
 * page reads neither from the database).
 *
 * Correctness across several app instances: a write through the app clears the cache of the
 * process that made it, right after its transaction (invalidatePublicData in
 * lib/organizations/settings.ts and lib/activities/manage.ts); every OTHER instance keeps its copy
 * for at most PUBLIC_DATA_TTL_MS and then reads again. So a renamed activity or a changed
 * sender name shows everywhere within 30 seconds, and immediately on the instance that saved it.
 * Nothing that decides who is asked or who gets a seat is read through these caches — only what
 * public pages display (docs/architecture.md, "Per-process caches").
 *
 * Off under vitest (every test file reseeds the database with new ids); tests switch it on with
 * setProcessCachesForTests.
 */
export const PUBLIC_DATA_TTL_MS = 30_000;

type Entry = { at: number; value: Promise<unknown> };
type State = { entries: Map<string, Entry>; enabled: boolean };
const g = globalThis as unknown as { __helferrufProcessCache?: State };
const state: State = (g.__helferrufProcessCache ??= { entries: new Map(), enabled: process.env.NODE_ENV !== "test" });

/**
 * The value under `key`, loaded with `load` when missing or older than the TTL. Concurrent callers
 * share one load; a failed load is not kept.
 */
export function cached<T>(key: string, load: () => Promise<T>, now = Date.now(), ttlMs = PUBLIC_DATA_TTL_MS): Promise<T> {
  if (!state.enabled) return load();
  const hit = state.entries.get(key);
  if (hit && now - hit.at < ttlMs) return hit.value as Promise<T>;
  // a real promise, settled once (a query builder is a thenable that would run again on every await)
  const value = Promise.resolve(load());
  const entry = { at: now, value };
  state.entries.set(key, entry);
  value.catch(() => {
    if (state.entries.get(key) === entry) state.entries.delete(key);
  });
  return value;
}

/** Forget every cached value whose key starts with `prefix` (all of them without one). */
export function invalidate(prefix = "") {
  for (const key of [...state.entries.keys()]) if (key.startsWith(prefix)) state.entries.delete(key);
}

/** Clears what public pages show after an organisation's settings or activities changed. */
export function invalidatePublicData() {
  invalidate("public:");
}

export function setProcessCachesForTests(enabled: boolean) {
  state.enabled = enabled;
  state.entries.clear();
}
