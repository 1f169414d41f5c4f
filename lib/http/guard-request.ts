/**
 * Checks of a raw request that Next.js itself would answer with a 500 (fuzzed inputs): paths that
 * do not decode, bodies over the limit, broken multipart, malformed server-action fields, NUL
 * characters (PostgreSQL refuses them in text), foreign origins on server actions. Pure
 * functions so that proxy.ts stays thin and the rules are unit-testable.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

export type Refusal = { status: 400 | 403 | 413; reason: string };

export function checkPath(rawPathname: string): Refusal | null {
  try {
    const decoded = decodeURIComponent(rawPathname);
    if (decoded.includes("\0")) return { status: 400, reason: "nul_in_path" };
  } catch {
    return { status: 400, reason: "bad_percent_encoding" };
  }
  return null;
}

/** NUL in a query value (`?q=%00`) would reach a database search: PostgreSQL refuses NUL in text. */
export function checkQuery(search: string): Refusal | null {
  for (const [name, value] of new URLSearchParams(search)) {
    if (name.includes("\0") || value.includes("\0")) return { status: 400, reason: "nul_in_query" };
  }
  return null;
}

const FIELD_NAME = /^[A-Za-z0-9_$:.\-[\]]{1,200}$/;
const ACTION_ID = /^[0-9a-f]{16,}$/;

function hasNul(text: string): boolean {
  return text.includes("\0") || /\\u0000/i.test(text);
}

/** The `$ACTION_…` fields React writes into a server-action form posted without JavaScript. */
export function checkActionFields(entries: [string, FormDataEntryValue][]): Refusal | null {
  const fields = new Map<string, string>();
  for (const [name, value] of entries) {
    if (!FIELD_NAME.test(name)) return { status: 400, reason: "bad_field_name" };
    if (typeof value === "string") {
      if (value.includes("\0")) return { status: 400, reason: "nul_in_field" };
      fields.set(name, value);
    }
  }
  for (const [name, value] of fields) {
    if (!name.startsWith("$ACTION")) continue;
    if (name === "$ACTION_KEY") continue;
    let m = /^\$ACTION_ID_(.*)$/.exec(name);
    if (m) {
      if (!ACTION_ID.test(m[1])) return { status: 400, reason: "bad_action_id" };
      continue;
    }
    m = /^\$ACTION_REF_(\d{1,4})$/.exec(name);
    if (m) {
      const head = fields.get(`$ACTION_${m[1]}:0`);
      if (head === undefined) return { status: 400, reason: "missing_action_state" };
      let parsed: unknown;
      try {
        parsed = JSON.parse(head);
      } catch {
        return { status: 400, reason: "bad_action_state" };
      }
      const p = parsed as { id?: unknown; bound?: unknown };
      if (typeof p !== "object" || p === null || typeof p.id !== "string" || !ACTION_ID.test(p.id)) return { status: 400, reason: "bad_action_state" };
      const bound = typeof p.bound === "string" ? /^\$@(\d{1,4})$/.exec(p.bound) : null;
      if (p.bound !== null && p.bound !== undefined && !bound) return { status: 400, reason: "bad_action_state" };
      if (bound && !fields.has(`$ACTION_${m[1]}:${bound[1]}`)) return { status: 400, reason: "missing_action_state" };
      continue;
    }
    m = /^\$ACTION_(\d{1,4}):(\d{1,4})$/.exec(name);
    if (m) {
      try {
        JSON.parse(value);
      } catch {
        return { status: 400, reason: "bad_action_state" };
      }
      continue;
    }
    return { status: 400, reason: "unknown_action_field" };
  }
  return null;
}

/** A declared body over the limit (the header alone, nothing read). */
export function checkDeclaredLength(request: Request): Refusal | null {
  const declared = Number(request.headers.get("content-length") ?? "0");
  return Number.isFinite(declared) && declared > MAX_BODY_BYTES ? { status: 413, reason: "too_large" } : null;
}

/**
 * POSTs whose route handler reads its own body with a bound and answers a malformed one calmly
 * (the answer route, app/r/[token]/answer: `readSmallForm`, then 303 to the page): the proxy
 * checks only their headers. Reading a copy of the body in the proxy made Next.js buffer and
 * replay every tap's body, the hottest write of the product (issue 19). A POST carrying a
 * server-action header gets the full check whatever its path.
 */
export function checksOwnBody(pathname: string, request: Request): boolean {
  return /^\/r\/[^/]+\/answer$/.test(pathname) && !request.headers.has("next-action");
}

/** Reads and checks a POST body (the proxy sees a buffered copy; the route reads its own). */
export async function checkPostBody(request: Request): Promise<Refusal | null> {
  const tooLarge = checkDeclaredLength(request);
  if (tooLarge) return tooLarge;
  const rawType = request.headers.get("content-type") ?? "";
  const type = rawType.toLowerCase();
  const copy = request.clone();
  if (type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded")) {
    if (type.startsWith("multipart/form-data") && !/;\s*boundary=("[^"\r\n]{1,70}"|[^\s;"]{1,70})/.test(rawType)) return { status: 400, reason: "bad_multipart" };
    const bytes = await copy.arrayBuffer().catch(() => null);
    if (!bytes) return { status: 400, reason: "unreadable_body" };
    if (bytes.byteLength > MAX_BODY_BYTES) return { status: 413, reason: "too_large" };
    const form = await new Response(bytes, { headers: { "content-type": rawType } }).formData().catch(() => null);
    if (!form) return { status: 400, reason: "bad_form_body" };
    return checkActionFields([...form.entries()]);
  }
  const text = await copy.text().catch(() => null);
  if (text === null) return { status: 400, reason: "unreadable_body" };
  if (text.length > MAX_BODY_BYTES) return { status: 413, reason: "too_large" };
  if (hasNul(text)) return { status: 400, reason: "nul_in_body" };
  if (request.headers.has("next-action") && type.startsWith("text/plain") && text.trim() !== "") {
    try {
      JSON.parse(text);
    } catch {
      return { status: 400, reason: "bad_action_body" };
    }
  }
  return null;
}

/** A server-action POST (with or without JavaScript) from another origin, or from an opaque one. */
export function isForeignOrigin(request: Request, appOrigin: string): boolean {
  const origin = request.headers.get("origin");
  return origin !== null && origin !== appOrigin;
}
