import { checkDatabase } from "@/db";

export const dynamic = "force-dynamic";

/** 200 when the app and its database answer; 503 with the reason otherwise. No secrets in it. */
export async function GET() {
  const database = await checkDatabase();
  const body = {
    status: database.ok ? "ok" : "unavailable",
    app: { ok: true, version: process.env.npm_package_version ?? "0.1.0" },
    database: database.ok ? { ok: true, driver: database.driver } : { ok: false, reason: database.reason },
    time: new Date().toISOString(),
  };
  return Response.json(body, { status: database.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
