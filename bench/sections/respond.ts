import autocannon from "autocannon";
import type { Row, Server } from "../lib";

/**
 * Section 4 over HTTP: the response page GET and the accept POST as a browser without JavaScript
 * sends it (multipart/form-data to the form's action, app/r/[token]/answer, answered with 303
 * to the page). Every POST uses the next unused token of the request, so each one is a
 * real accept attempt; "exactly N" is read back from the database after the server stopped.
 */
export type LoadStats = { rps: number; p50: number; p99: number; errors: number; s2xx: number; s3xx: number; s4xx: number; s5xx: number; requests: number };

/**
 * How the response page's accept button posts: the form's hidden fields (the token left out: each
 * POST sends its own) and the path it posts to for a given token — the form's `action` (the
 * answer route, app/r/[token]/answer) with the token swapped, or the page itself for a form
 * without one (a server action, as before issue 19's answer route; its `$ACTION_…` fields are
 * among the hidden ones).
 */
export type AcceptForm = {
  fields: Record<string, string>;
  path: (token: string) => string;
  /**
   * How a browser sends it: a plain form with an action path (the answer route) as
   * application/x-www-form-urlencoded, the browser's default; a server-action form (no action
   * path) or an explicit enctype as multipart/form-data, as React sends a server action.
   */
  encoding: "urlencoded" | "multipart";
};

export async function acceptFormFields(server: Server, token: string): Promise<AcceptForm> {
  const html = await (await fetch(`${server.url}/r/${token}`)).text();
  const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  // the page has other forms too (language switch): take the one with the accept button
  for (const form of html.match(/<form[\s\S]*?<\/form>/g) ?? []) {
    if (!/name="answer"[^>]*value="accept"|value="accept"[^>]*name="answer"/.test(form)) continue;
    const fields: Record<string, string> = {};
    for (const input of form.match(/<input[^>]*>/g) ?? []) {
      const name = /name="([^"]*)"/.exec(input)?.[1];
      if (name && name !== "token" && /type="hidden"/.test(input)) fields[unescape(name)] = unescape(/value="([^"]*)"/.exec(input)?.[1] ?? "");
    }
    const action = /^<form[^>]*\saction="([^"]*)"/.exec(form)?.[1];
    const path = action && action.includes(token) ? (t: string) => unescape(action).split(token).join(t) : (t: string) => `/r/${t}`;
    const encoding = action && action.includes(token) && !/^<form[^>]*\senctype="multipart\/form-data"/i.test(form) ? "urlencoded" : "multipart";
    return { fields, path, encoding };
  }
  throw new Error("no accept form on the response page");
}

/** The body of one accept POST as the browser would send the form. */
export function formBody(form: AcceptForm, fields: Record<string, string>): { body: string; contentType: string } {
  if (form.encoding === "multipart") return multipart(fields);
  return { body: new URLSearchParams(fields).toString(), contentType: "application/x-www-form-urlencoded" };
}

export function multipart(fields: Record<string, string>): { body: string; contentType: string } {
  const boundary = "----helferrufbench" + Math.random().toString(16).slice(2);
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return { body: parts.join("") + `--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function run(opts: autocannon.Options): Promise<LoadStats> {
  if (!/^http:\/\/127\.0\.0\.1[:/]/.test(String(opts.url))) throw new Error("benchmarks only target loopback");
  const r = await autocannon(opts);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, s2xx: r["2xx"], s3xx: r["3xx"], s4xx: r["4xx"], s5xx: r["5xx"], requests: r.requests.total };
}

export async function loadGet(server: Server, tokens: string[], connections: number, seconds: number): Promise<LoadStats> {
  let i = 0;
  return run({
    url: server.url,
    connections,
    duration: seconds,
    requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: `/r/${tokens[i++ % tokens.length]}` }) }],
  });
}

export async function loadAccept(server: Server, tokens: string[], form: AcceptForm, connections: number, seconds: number): Promise<LoadStats & { posted: number }> {
  let i = 0;
  const stats = await run({
    url: server.url,
    connections,
    duration: seconds,
    requests: [
      {
        method: "POST",
        setupRequest: (req) => {
          const token = tokens[i++ % tokens.length];
          const { body, contentType } = formBody(form, { ...form.fields, token, answer: "accept" });
          return { ...req, path: form.path(token), body, headers: { ...req.headers, "content-type": contentType, accept: "text/html" } };
        },
      },
    ],
  });
  return { ...stats, posted: Math.min(i, tokens.length) };
}

export function loadRow(section: string, metric: string, s: LoadStats, baselineRps: number, baselineName: string, extra = ""): Row {
  return {
    section,
    metric,
    value: s.rps,
    unit: "req/s",
    note: `${(s.rps / baselineRps).toFixed(2)}× ${baselineName}; p50 ${s.p50} ms, p99 ${s.p99} ms; 2xx ${s.s2xx}, 3xx ${s.s3xx}, 4xx ${s.s4xx}, 5xx ${s.s5xx}, errors ${s.errors}${extra}`,
  };
}
