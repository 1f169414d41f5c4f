import { config } from "@/lib/config";
import { busyResponse } from "@/lib/http/busy-page";

export const dynamic = "force-dynamic";

/** Where a tap lands when the database pool is exhausted (lib/http/busy.ts): 503 + Retry-After, translated. */
export function GET(request: Request) {
  return busyResponse(request, config().appUrl);
}
