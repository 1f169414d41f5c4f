import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { createAndSendRequest } from "@/lib/requests/create";
import { getOrganizationSettings, updateOrganizationSettings } from "@/lib/organizations/settings";
import { clearPublicStatsCache, getPublicStats } from "@/lib/organizations/public-stats";
import { setUpOrganisations } from "../helpers/admin-fixtures";
import { setupTestDatabase } from "../helpers/db";
import { activityByKey, coordinator, requestInput, volunteer } from "../helpers/requests";

const t = setupTestDatabase();

describe("landing page figures", () => {
  it("count confirmed (active or paused) volunteers only, and are recounted after a minute", async () => {
    clearPublicStatsCache();
    await volunteer(t.db, { status: "active" });
    await volunteer(t.db, { status: "paused" });
    await volunteer(t.db, { status: "pending", emailConfirmedAt: null });
    const first = await getPublicStats(t.db, 1_000_000);
    expect(first).toEqual({ organization: (await t.db.select().from(s.organizations))[0].name, volunteers: 2, openNeeds: null });
    await volunteer(t.db, { status: "active" });
    expect((await getPublicStats(t.db, 1_030_000)).volunteers).toBe(2); // within the minute: cached
    expect((await getPublicStats(t.db, 1_061_000)).volunteers).toBe(3);
  });

  it("show the number of open needs only when the organisation switched it on in its settings (open, not full, not started)", async () => {
    clearPublicStatsCache();
    const w = await setUpOrganisations(t.db);
    const actor = await coordinator(t.db);
    const driving = (await activityByKey(t.db)).id;
    for (const helpersNeeded of [1, 2, 3]) {
      const r = await createAndSendRequest(t.db, actor, requestInput(driving, { helpersNeeded }));
      if (!r.ok) throw new Error("request");
    }
    const [first] = await t.db.select().from(s.requests).where(eq(s.requests.helpersNeeded, 1));
    await t.db.update(s.requests).set({ acceptedCount: 1, status: "filled" }).where(eq(s.requests.id, first.id));
    const now = Date.now();
    expect((await getPublicStats(t.db, now)).openNeeds).toBeNull();

    const current = (await getOrganizationSettings(w.actors.admin)).values;
    expect(current.showOpenNeedsCount).toBe("hide");
    expect(await updateOrganizationSettings(w.actors.admin, { ...current, showOpenNeedsCount: "show" }, { ip: null })).toMatchObject({ ok: true });
    expect((await getOrganizationSettings(w.actors.admin)).values.showOpenNeedsCount).toBe("show");
    clearPublicStatsCache();
    const stats = await getPublicStats(t.db, now);
    expect(stats.openNeeds).toBe(2);
    // a number only: nothing about a request or a person
    expect(Object.keys(stats).sort()).toEqual(["openNeeds", "organization", "volunteers"]);
    // bad input is a field error and changes nothing
    expect(await updateOrganizationSettings(w.actors.admin, { ...current, showOpenNeedsCount: "maybe" }, { ip: null })).toMatchObject({ ok: false, error: "invalid", fieldErrors: { showOpenNeedsCount: "choice_invalid" } });
    // a form without the field keeps the stored choice
    const { showOpenNeedsCount: _omit, ...withoutField } = current;
    expect(await updateOrganizationSettings(w.actors.admin, withoutField, { ip: null })).toMatchObject({ ok: true });
    expect((await getOrganizationSettings(w.actors.admin)).values.showOpenNeedsCount).toBe("show");
  });
});
