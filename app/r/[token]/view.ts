import "server-only";
import { cache } from "react";
import { getDb } from "@/db";
import { readInvitationRow } from "@/lib/requests/respond";
import { hashToken, isWellFormedToken } from "@/lib/tokens";

/**
 * The response page's one database read, shared within a request (React's per-request cache) by
 * the locale resolution (i18n/request.ts: the helper's message language) and the page with its
 * title: a warm GET /r/<token> is one round trip (tests/integration/page-queries.test.ts counts
 * the statements of readInvitationRow; `npm run bench:pages` counts them per GET on PostgreSQL).
 */
export const responseRow = cache(async (token: string) => {
  if (!isWellFormedToken(token)) return null;
  return readInvitationRow(await getDb(), hashToken(token));
});
