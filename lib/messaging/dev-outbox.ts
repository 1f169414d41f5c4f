import "server-only";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { config } from "@/lib/config";
import { renderStoredTexts } from "./secrets";

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
  /** voice: the body is what the call says (the code call: the code) */
  channel: "email" | "sms" | "voice" | "telegram" | "whatsapp";
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
      html: s.messages.html,
      headers: s.messages.headers,
      sealedSecrets: s.messages.sealedSecrets,
      invitationId: s.messages.invitationId,
      status: s.messages.status,
      createdAt: s.messages.createdAt,
    })
    .from(s.messages)
    .where(query.to ? eq(s.messages.recipient, query.to) : undefined)
    .orderBy(desc(s.messages.createdAt), desc(s.messages.id))
    .limit(query.limit);
  // rendered at read time: stored texts hold placeholders instead of link tokens (lib/messaging/secrets.ts)
  return rows.map((row) => {
    const r = renderStoredTexts(row);
    return { id: r.id, channel: r.channel, recipient: r.recipient, kind: r.kind, subject: r.subject, body: r.body, status: r.status, createdAt: r.createdAt.toISOString() };
  });
}
