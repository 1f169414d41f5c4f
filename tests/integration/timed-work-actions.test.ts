import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createRequestAction, sendNextWaveAction, stopWavesAction } from "@/app/admin/requests/actions";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { setupTestDatabase } from "../helpers/db";
import { formData as form, redirectOf, session, signedInCoordinator } from "../helpers/next";
import { coordinator, nextBerlin, secondOrganization, volunteer } from "../helpers/requests";

vi.mock("@/lib/auth/guard", async (original) => (await import("../helpers/next")).guardWithSession(await original()));

const t = setupTestDatabase();
let actor: Actor;
let driving: string;

beforeEach(async () => ({ actor, driving } = await signedInCoordinator(t.db)));

const base = () => ({ activityId: driving, title: "Fahrt", startsAt: nextBerlin(2, 9), endsAt: nextBerlin(2, 11), helpersNeeded: "1", channels: "both", languageMode: "none" });

async function created(): Promise<string> {
  const target = await redirectOf(createRequestAction({}, form({ ...base(), waves: "on", waveSize: "1", waveIntervalMinutes: "5" })));
  return target.match(/requests\/([0-9a-f-]{36})/)![1];
}

describe("wave settings and wave actions", () => {
  it("wave settings that cannot work come back as field errors with what was typed, nothing stored", async () => {
    const state = await createRequestAction({}, form({ ...base(), waves: "on", waveSize: "0", waveIntervalMinutes: "0", waveDeadline: nextBerlin(2, 10) }));
    expect(state).toMatchObject({ error: "invalid", fieldErrors: { waveSize: "wave_size_range", waveIntervalMinutes: "wave_interval_range", waveDeadline: "wave_deadline_after_start" }, values: { waveSize: "0" } });
    expect(await t.db.select().from(s.requests)).toHaveLength(0);
  });

  it("send next wave now and stop waves: only for a signed-in coordinator of the organisation, audited", async () => {
    for (let i = 0; i < 3; i++) await volunteer(t.db, { activities: [driving] });
    const id = await created();
    session.actor = null;
    expect(await sendNextWaveAction({}, form({ requestId: id }))).toMatchObject({ ok: false, error: "unauthenticated" });
    const other = await secondOrganization(t.db);
    session.actor = await coordinator(t.db, "fremd@example.org", other.org.id);
    expect(await sendNextWaveAction({}, form({ requestId: id }))).toMatchObject({ ok: false, error: "not_found" });
    expect(await stopWavesAction({}, form({ requestId: id }))).toMatchObject({ ok: false, error: "not_found" });
    expect(await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, id))).toHaveLength(1);
    session.actor = actor;
    expect(await sendNextWaveAction({}, form({ requestId: id }))).toMatchObject({ ok: true, count: 1, code: "waveSent" });
    expect(await stopWavesAction({}, form({ requestId: id }))).toMatchObject({ ok: true, code: "wavesStopped" });
    expect(await sendNextWaveAction({}, form({ requestId: "not-a-uuid" }))).toMatchObject({ ok: false, error: "not_found" });
    const [r] = await t.db.select().from(s.requests).where(eq(s.requests.id, id));
    expect(r).toMatchObject({ wavesStopped: true, nextWaveAt: null, currentWave: 2 });
  });
});
