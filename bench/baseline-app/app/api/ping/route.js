export const dynamic = "force-dynamic";

// A trivial route handler.
export function GET() {
  return Response.json({ ok: true });
}
