import { and, asc, desc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { toLocale } from "@/i18n/config";
import { activityName } from "@/lib/activities/names";
import { consentStateOf, consentText } from "./consent";
import { languageName } from "./languages";

/**
 * Art. 15 / Art. 20 GDPR: everything stored about a volunteer, in a structured, machine-readable
 * form — including what coordinators and the system recorded (status reasons, stop flags, the
 * audit entries about the person). Message contents are not repeated (they contain links that
 * are credentials); their metadata is. Coordinators appear by role, never by name or address.
 */
export async function exportVolunteerData(volunteerId: string, db?: Db, now = new Date()) {
  const d = db ?? (await getDb());
  const [row] = await d
    .select({ v: s.volunteers, org: { name: s.organizations.name } })
    .from(s.volunteers)
    .innerJoin(s.organizations, eq(s.organizations.id, s.volunteers.organizationId))
    .where(eq(s.volunteers.id, volunteerId));
  if (!row) return null;
  const { v, org } = row;
  const locale = toLocale(v.locale);
  const [acts, langs, slots, invs, msgs, audit, feeds, quals, notes, tags] = await Promise.all([
    d
      .select({ key: s.activities.key, nameDe: s.activities.nameDe, nameEn: s.activities.nameEn, names: s.activities.names })
      .from(s.volunteerActivities)
      .innerJoin(s.activities, eq(s.activities.id, s.volunteerActivities.activityId))
      .where(eq(s.volunteerActivities.volunteerId, v.id))
      .orderBy(asc(s.activities.position)),
    d.select({ code: s.volunteerLanguages.language }).from(s.volunteerLanguages).where(eq(s.volunteerLanguages.volunteerId, v.id)),
    d
      .select({ weekday: s.volunteerAvailability.weekday, partOfDay: s.volunteerAvailability.partOfDay })
      .from(s.volunteerAvailability)
      .where(eq(s.volunteerAvailability.volunteerId, v.id))
      .orderBy(asc(s.volunteerAvailability.weekday)),
    d
      .select({
        title: s.requests.title,
        place: s.requests.place,
        startsAt: s.requests.startsAt,
        endsAt: s.requests.endsAt,
        status: s.invitations.status,
        askedAt: s.invitations.askedAt,
        respondedAt: s.invitations.respondedAt,
        respondedVia: s.invitations.respondedVia,
      })
      .from(s.invitations)
      .innerJoin(s.requests, eq(s.requests.id, s.invitations.requestId))
      .where(eq(s.invitations.volunteerId, v.id))
      .orderBy(desc(s.requests.startsAt)),
    d
      .select({
        channel: s.messages.channel,
        recipient: s.messages.recipient,
        kind: s.messages.kind,
        subject: s.messages.subject,
        status: s.messages.status,
        createdAt: s.messages.createdAt,
        sentAt: s.messages.sentAt,
        deliveredAt: s.messages.deliveredAt,
      })
      .from(s.messages)
      .where(eq(s.messages.volunteerId, v.id))
      .orderBy(desc(s.messages.createdAt)),
    d
      .select({
        at: s.auditEvents.createdAt,
        action: s.auditEvents.action,
        actorType: s.auditEvents.actorType,
        outcome: s.auditEvents.outcome,
        ip: s.auditEvents.ip,
        details: s.auditEvents.details,
      })
      .from(s.auditEvents)
      .where(and(eq(s.auditEvents.organizationId, v.organizationId), eq(s.auditEvents.objectType, "volunteer"), eq(s.auditEvents.objectId, v.id)))
      .orderBy(desc(s.auditEvents.id)),
    d.select({ createdAt: s.volunteerCalendarFeeds.createdAt, tokenHash: s.volunteerCalendarFeeds.tokenHash }).from(s.volunteerCalendarFeeds).where(eq(s.volunteerCalendarFeeds.volunteerId, v.id)),
    // issue 16: what coordinators recorded about the person — qualifications seen, internal notes, tags
    d
      .select({ name: s.qualificationTypes.name, issuedOn: s.volunteerQualifications.issuedOn, expiresOn: s.volunteerQualifications.expiresOn, recordedAt: s.volunteerQualifications.recordedAt, reminderSentAt: s.volunteerQualifications.reminderSentAt })
      .from(s.volunteerQualifications)
      .innerJoin(s.qualificationTypes, eq(s.qualificationTypes.id, s.volunteerQualifications.typeId))
      .where(eq(s.volunteerQualifications.volunteerId, v.id))
      .orderBy(asc(s.qualificationTypes.name)),
    d.select({ body: s.volunteerNotes.body, createdAt: s.volunteerNotes.createdAt }).from(s.volunteerNotes).where(eq(s.volunteerNotes.volunteerId, v.id)).orderBy(asc(s.volunteerNotes.createdAt)),
    d
      .select({ name: s.tags.name, addedAt: s.volunteerTags.createdAt })
      .from(s.volunteerTags)
      .innerJoin(s.tags, eq(s.tags.id, s.volunteerTags.tagId))
      .where(eq(s.volunteerTags.volunteerId, v.id))
      .orderBy(asc(s.tags.name)),
  ]);
  const iso = (x: Date | null) => (x ? x.toISOString() : null);
  return {
    format: "helferruf-volunteer-export/3",
    exportedAt: now.toISOString(),
    organization: org.name,
    profile: {
      firstName: v.firstName,
      lastName: v.lastName,
      email: v.email,
      phone: v.phone,
      contactPreference: v.contactPreference,
      messageLanguage: v.locale,
      status: v.status,
      pausedUntil: iso(v.pausedUntil),
      /** the reason a coordinator gave when pausing or deactivating */
      statusReason: v.statusReason,
      maxRequestsPerWeek: v.maxRequestsPerWeek,
      hasDrivingLicence: v.hasDrivingLicence,
      hasCar: v.hasCar,
      postalCode: v.postalCode,
      note: v.note,
      emailConfirmedAt: iso(v.emailConfirmedAt),
      phoneConfirmedAt: iso(v.phoneConfirmedAt),
      emailBouncedAt: iso(v.emailBouncedAt),
      emailOptedOutAt: iso(v.emailOptedOutAt),
      smsOptedOutAt: iso(v.smsOptedOutAt),
      /** voice calls (issue 18): the number called, when confirmed, when stopped (the code is kept only as an HMAC, not exported) */
      voicePhone: v.voicePhone,
      voiceConfirmedAt: iso(v.voiceConfirmedAt),
      voiceOptedOutAt: iso(v.voiceOptedOutAt),
      /** Telegram (issue 18): the bound chat, when connected, when stopped */
      telegramChatId: v.telegramChatId,
      telegramConnectedAt: iso(v.telegramConnectedAt),
      telegramOptedOutAt: iso(v.telegramOptedOutAt),
      /** WhatsApp (issue 18): the connected number, when connected, when stopped, when they last wrote */
      whatsappPhone: v.whatsappPhone,
      whatsappConnectedAt: iso(v.whatsappConnectedAt),
      whatsappOptedOutAt: iso(v.whatsappOptedOutAt),
      whatsappLastInboundAt: iso(v.whatsappLastInboundAt),
      lastAskedAt: iso(v.lastAskedAt),
      lastActiveAt: iso(v.lastActiveAt),
      inactivityNoticeAt: iso(v.inactivityNoticeAt),
      createdAt: iso(v.createdAt),
      updatedAt: iso(v.updatedAt),
    },
    consent: {
      version: v.consentVersion,
      givenAt: iso(v.consentAt),
      channel: v.consentChannel,
      language: v.consentLocale,
      textSha256: v.consentTextSha256,
      /** the text agreed to, from the repository (null when it was recorded before texts were kept) */
      text: v.consentLocale && v.consentVersion ? (consentText(v.consentVersion, v.consentLocale, v.consentController)?.text ?? null) : null,
      /** the organisation the text named as the controller (texts from 2026-12-v2) */
      controller: v.consentController,
      state: consentStateOf(v),
      newerVersionDeclinedAt: iso(v.consentDeclinedAt),
    },
    activities: acts.map((a) => ({ key: a.key, name: activityName(a, locale) })),
    languages: langs.map((l) => ({ code: l.code, name: languageName(l.code, locale) })),
    availability: { flexible: v.availableFlexible, slots: slots.map((x) => ({ weekday: x.weekday, partOfDay: x.partOfDay })) },
    invitations: invs.map((i) => ({
      request: { title: i.title, place: i.place, startsAt: iso(i.startsAt), endsAt: iso(i.endsAt) },
      answer: i.status,
      askedAt: iso(i.askedAt),
      respondedAt: iso(i.respondedAt),
      respondedVia: i.respondedVia,
    })),
    /**
     * the personal calendar feed (issue 15): whether there is one, since when, and what is stored of
     * its secret address — only the SHA-256 of the token (the address itself is on the profile page)
     */
    calendarFeed: feeds[0] ? { active: true, createdAt: iso(feeds[0].createdAt), tokenSha256: feeds[0].tokenHash } : { active: false },
    /**
     * qualifications a coordinator recorded having seen (the documents themselves are never stored):
     * kind, issued, valid until (null: no expiry), when recorded, when the expiry reminder went out
     */
    qualifications: quals.map((q) => ({ name: q.name, issuedOn: q.issuedOn, expiresOn: q.expiresOn, recordedAt: iso(q.recordedAt), reminderSentAt: iso(q.reminderSentAt) })),
    /** the coordinators' internal notes about the person (author by role only, like the audit entries) */
    coordinatorNotes: notes.map((n) => ({ text: n.body, writtenAt: iso(n.createdAt), by: "coordinator" })),
    /** the organisation's tags on the person */
    tags: tags.map((x) => ({ name: x.name, addedAt: iso(x.addedAt) })),
    messages: msgs.map((m) => ({ ...m, createdAt: iso(m.createdAt), sentAt: iso(m.sentAt), deliveredAt: iso(m.deliveredAt) })),
    /** the audit log's entries about this person: who (you, a coordinator, the system), what, when, outcome */
    auditEvents: audit.map((e) => ({
      at: iso(e.at),
      action: e.action,
      by: e.actorType === "user" ? "coordinator" : e.actorType,
      outcome: e.outcome,
      // only the person's own address (kept for auditIpDays); never a coordinator's
      ip: e.actorType === "volunteer" ? e.ip : null,
      details: e.details,
    })),
  };
}

export type VolunteerExport = NonNullable<Awaited<ReturnType<typeof exportVolunteerData>>>;
