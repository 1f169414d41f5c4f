import "server-only";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { config } from "@/lib/config";

/** The development outbox is on in development and off in production unless HELFERRUF_DEV_OUTBOX=1. */
export function devOutboxEnabled(): boolean {
  return config().devOutboxEnabled;
}

export const devOutboxQuery = z.object({
  to: z.string().trim().toLowerCase().max(320).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(500).catch(100),
});

export type DevOutboxEntry = {
  id: string;
  channel: "email" | "sms";
  recipient: string | null;
  kind: string;
  subject: string | null;
  body: string | null;
  status: string;
  createdAt: string;
};

export async function listDevOutbox(db: Db, query: z.infer<typeof devOutboxQuery>): Promise<DevOutboxEntry[]> {
  const rows = await db
    .select({
      id: s.messages.id,
      channel: s.messages.channel,
      recipient: s.messages.recipient,
      kind: s.messages.kind,
      subject: s.messages.subject,
      body: s.messages.body,
      status: s.messages.status,
      createdAt: s.messages.createdAt,
    })
    .from(s.messages)
    .where(query.to ? eq(s.messages.recipient, query.to) : undefined)
    .orderBy(desc(s.messages.createdAt), desc(s.messages.id))
    .limit(query.limit);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
