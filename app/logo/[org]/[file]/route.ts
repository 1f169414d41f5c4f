import { publicRoute } from "@/app/_edge/routes";
import { getDb } from "@/db";
import { UUID_RE } from "@/lib/admin/operation";
import { getLogo } from "@/lib/organizations/branding";

export const dynamic = "force-dynamic";

/** "<16 hex>.png|jpg": the file name changes with every upload (lib/organizations/branding.ts). */
const FILE_RE = /^[0-9a-f]{16}\.(png|jpg)$/;
const notFound = () => new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

/**
 * An organisation's logo, for its public pages and (as an absolute URL) its e-mails. The URL
 * names the upload, so browsers and mail proxies may keep it for a year (immutable); a
 * replaced logo has a new URL, an old one answers 404. The bytes were checked to be PNG or JPEG
 * when uploaded and are served as such, never sniffed (nosniff) and without scripts (CSP).
 */
async function serve(request: Request, ctx: { params: Promise<{ org: string; file: string }> }, head: boolean): Promise<Response> {
  const { org, file } = await ctx.params;
  if (!UUID_RE.test(org) || !FILE_RE.test(file)) return notFound();
  const etag = `"${file}"`;
  const cache = { "Cache-Control": "public, max-age=31536000, immutable", ETag: etag };
  const logo = await getLogo(await getDb(), org.toLowerCase(), file);
  if (!logo) return notFound();
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers: cache });
  return new Response(head ? null : new Uint8Array(logo.bytes), {
    headers: {
      ...cache,
      "Content-Type": logo.contentType,
      "Content-Length": String(logo.bytes.length),
      "Last-Modified": logo.updatedAt.toUTCString(),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cross-Origin-Resource-Policy": "cross-origin",
    },
  });
}

export const GET = publicRoute((req: Request, ctx: { params: Promise<{ org: string; file: string }> }) => serve(req, ctx, false));
export const HEAD = publicRoute((req: Request, ctx: { params: Promise<{ org: string; file: string }> }) => serve(req, ctx, true));
