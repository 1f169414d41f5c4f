import { desc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { createAndSendRequest } from "@/lib/requests/create";
import { deleteTemplate, listTemplates, saveRequestAsTemplate, templateRequestValues } from "@/lib/requests/templates";
import { setupTestDatabase } from "../helpers/db";
import { activityByKey, coordinator, requestInput, secondOrganization, sentRequest } from "../helpers/requests";

const t = setupTestDatabase();
let actor: Actor;
let driving: string;
const ctx = { ip: null };

beforeEach(async () => {
  actor = await coordinator(t.db);
  driving = (await activityByKey(t.db)).id;
});

const auditOf = async (action: string) => t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, action)).orderBy(desc(s.auditEvents.createdAt));
const templates = () => t.db.select().from(s.requestTemplates);

describe("request templates", () => {
  it("saves a request without its dates, lists it and prefills a new request that can be sent as it is", async () => {
    const { requestId } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 2, over: { whatToBring: "Ausweis", place: "Bahnhof", requireCar: "on" } });
    const saved = await saveRequestAsTemplate(actor, { requestId, name: "  Fahrdienst Bahnhof  " }, ctx);
    expect(saved).toMatchObject({ ok: true });
    const templateId = (saved as { templateId: string }).templateId;
    expect(await listTemplates(t.db, actor.organizationId)).toEqual([expect.objectContaining({ id: templateId, name: "Fahrdienst Bahnhof" })]);
    const [row] = await templates();
    const [r] = await t.db.select().from(s.requests).where(eq(s.requests.id, requestId));
    expect(row.durationMinutes).toBe((r.endsAt.getTime() - r.startsAt.getTime()) / 60_000);
    expect(row).not.toHaveProperty("startsAt");

    const values = await templateRequestValues(t.db, actor, templateId);
    expect(values).toMatchObject({ activityId: driving, title: r.title, place: "Bahnhof", helpersNeeded: "2", whatToBring: "Ausweis", requireCar: "on", channels: r.channels });
    // the default time (tomorrow 09:00) for the template's duration
    expect(values!.startsAt).toMatch(/T09:00$/);
    const minutes = (Date.parse(`${values!.endsAt}:00Z`) - Date.parse(`${values!.startsAt}:00Z`)) / 60_000;
    expect(minutes).toBe(row.durationMinutes);
    const sent = await createAndSendRequest(t.db, actor, { ...requestInput(driving), ...values, submissionKey: crypto.randomUUID() });
    expect(sent).toMatchObject({ ok: true });

    const [audit] = await auditOf("request.template_save");
    expect(audit).toMatchObject({ outcome: "ok", objectType: "request_template", objectId: templateId, organizationId: actor.organizationId });
  });

  it("refuses a bad name (empty, too long, control characters, taken) and writes nothing", async () => {
    const { requestId } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    expect(await saveRequestAsTemplate(actor, { requestId, name: "   " }, ctx)).toMatchObject({ ok: false, fieldErrors: { name: "required" } });
    expect(await saveRequestAsTemplate(actor, { requestId, name: "x".repeat(81) }, ctx)).toMatchObject({ ok: false, fieldErrors: { name: "too_long" } });
    expect(await saveRequestAsTemplate(actor, { requestId, name: "Fahr\u0000dienst" }, ctx)).toMatchObject({ ok: false, fieldErrors: { name: "control_characters" } });
    expect(await saveRequestAsTemplate(actor, { requestId, name: "Zwei\nZeilen" }, ctx)).toMatchObject({ ok: false, fieldErrors: { name: "control_characters" } });
    expect(await templates()).toHaveLength(0);
    expect(await saveRequestAsTemplate(actor, { requestId, name: "Nacht" }, ctx)).toMatchObject({ ok: true });
    expect(await saveRequestAsTemplate(actor, { requestId, name: "NACHT" }, ctx)).toMatchObject({ ok: false, fieldErrors: { name: "name_taken" } });
    expect(await templates()).toHaveLength(1);
    expect((await auditOf("request.template_save")).filter((a) => a.outcome === "invalid")).toHaveLength(5);
  });

  it("keeps organisations apart: another organisation's request, template and list are refused, audited or empty", async () => {
    const { requestId } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    const saved = (await saveRequestAsTemplate(actor, { requestId, name: "Eigene" }, ctx)) as { ok: true; templateId: string };
    const other = await secondOrganization(t.db);
    const stranger = await coordinator(t.db, "fremd@example.org", other.org.id);

    expect(await saveRequestAsTemplate(stranger, { requestId, name: "Geklaut" }, ctx)).toMatchObject({ ok: false, error: "forbidden" });
    expect(await templateRequestValues(t.db, stranger, saved.templateId)).toBeNull();
    expect(await listTemplates(t.db, other.org.id)).toEqual([]);
    expect(await deleteTemplate(stranger, { templateId: saved.templateId }, ctx)).toMatchObject({ ok: false, error: "forbidden" });
    expect(await templates()).toHaveLength(1);
    expect((await auditOf("request.template_delete"))[0]).toMatchObject({ outcome: "denied", objectId: saved.templateId, organizationId: other.org.id });
    expect((await auditOf("request.template_save"))[0]).toMatchObject({ outcome: "denied", objectId: requestId });
    expect(await templateRequestValues(t.db, actor, "not-a-uuid")).toBeNull();

    expect(await deleteTemplate(actor, { templateId: saved.templateId }, ctx)).toMatchObject({ ok: true, name: "Eigene" });
    expect(await templates()).toHaveLength(0);
    expect((await auditOf("request.template_delete"))[0]).toMatchObject({ outcome: "ok", objectId: saved.templateId, organizationId: actor.organizationId });
  });
});
