import { and, eq } from "drizzle-orm";
import { DEFAULT_ACTIVITIES } from "@/lib/activities/defaults";
import { config } from "@/lib/config";
import { ensurePlatformAdmin } from "@/lib/platform/admins";
import { seedDefaultQualificationTypes } from "@/lib/qualifications/defaults";
import { currentConsentText } from "@/lib/volunteers/consent";
import type { Db } from "./client";
import * as s from "./schema";
import { seedDemoHistory } from "./seed-demo-history";

/** an older consent record of some demo volunteers (no text of it exists): they are asked again at sign-in */
export const CONSENT_VERSION_DEMO = "demo-seed";
/** demo coordinators to try the app with; the e2e journeys each sign in their own */
export const DEMO_COORDINATOR_EMAILS = ["koordination@example.org", "einsatz@example.org", "sprachen@example.org", "meldungen@example.org", "kanaele@example.org"];
/** a second demo admin (the e2e journey of the data-protection pages signs in with it) */
export const DEMO_ADMIN_EMAILS = ["verwaltung@example.org"];
/** the demo platform administrator (lib/platform): no membership, signs in at /admin/sign-in and lands on /platform */
export const DEMO_PLATFORM_ADMIN_EMAIL = "plattform@example.org";
/**
 * A second demo organisation on the same installation (issue 16): its own public pages at
 * /o/nachbarschaftshilfe, its own activities and admin, no volunteers. Both demo organisations are
 * listed, so `/` shows the list of organisations.
 */
export const DEMO_SECOND_ORG = { slug: "nachbarschaftshilfe", name: "Nachbarschaftshilfe Musterstadt", admin: "nachbarschaft@example.org" } as const;

/**
 * Idempotent: running it again changes nothing that exists. Creates one organisation, its 13
 * activity fields, the first admin and (in development) about 200 demo volunteers and a second,
 * empty demo organisation.
 */
export async function seedDatabase(db: Db, opts: { demo: boolean; demoCount?: number }) {
  const c = config();
  await db
    .insert(s.organizations)
    .values({
      slug: c.SEED_ORG_SLUG,
      name: c.SEED_ORG_NAME ?? "Helferkreis Musterstadt",
      timeZone: "Europe/Berlin",
      emailSenderName: c.SEED_ORG_NAME ?? "Helferkreis Musterstadt",
      smsSenderName: "Helferruf",
      // the demo lists both demo organisations on `/`; a real installation opts in (/admin/settings)
      listed: opts.demo,
      settings: {
        privacyContact: "datenschutz@example.org",
        address: "Rathausplatz 1, 12345 Musterstadt",
        imprint: "Helferkreis Musterstadt e. V., Rathausplatz 1, 12345 Musterstadt. Vertreten durch den Vorstand.",
        reminderHours: [24, 2],
        accessibility: {
          conformance: "partial",
          nonAccessible:
            "Texte der Anfragen | Titel, Beschreibung und Ort schreiben die Koordinator*innen selbst; sie werden nicht auf Verständlichkeit geprüft. | Rufen Sie uns an: Wir erklären Ihnen die Anfrage.\n" +
            "Video in Deutscher Gebärdensprache | Das Video ist noch in Arbeit. | Schreiben Sie uns eine E-Mail oder nutzen Sie das Formular auf dieser Seite.",
          statementPreparedOn: "2026-11-30",
          statementReviewedOn: "2026-11-30",
          assessmentMethod: "self",
          assessmentDetails: "Automatische Prüfung mit axe-core bei jeder Änderung, Prüfung mit Tastatur, Bildschirmleser und 320 Pixel Breite",
          accessibilityEmail: "barrierefreiheit@example.org",
          accessibilityPhone: "+49 30 1234567",
        },
      },
    })
    .onConflictDoNothing();
  const [org] = await db.select().from(s.organizations).where(eq(s.organizations.slug, c.SEED_ORG_SLUG));

  await db
    .insert(s.activities)
    .values(DEFAULT_ACTIVITIES.map((a, i) => ({ ...a, organizationId: org.id, position: i })))
    .onConflictDoNothing();
  await seedDefaultQualificationTypes(db, org.id);

  await ensureMember(db, org.id, c.SEED_ADMIN_EMAIL, "admin");

  if (opts.demo) {
    for (const email of DEMO_COORDINATOR_EMAILS) await ensureMember(db, org.id, email, "coordinator");
    for (const email of DEMO_ADMIN_EMAILS) await ensureMember(db, org.id, email, "admin");
    await ensurePlatformAdmin(db, DEMO_PLATFORM_ADMIN_EMAIL);
    await seedDemoVolunteers(db, org.id, opts.demoCount ?? 200);
    await seedDemoHistory(db, org.id);
    await seedSecondDemoOrganization(db);
  }
  return org;
}

async function seedSecondDemoOrganization(db: Db) {
  const d = DEMO_SECOND_ORG;
  await db
    .insert(s.organizations)
    .values({
      slug: d.slug,
      name: d.name,
      timeZone: "Europe/Berlin",
      emailSenderName: d.name,
      smsSenderName: "Helferruf",
      listed: true,
      settings: {
        privacyContact: "datenschutz@nachbarschaftshilfe.example.org",
        address: "Lindenweg 5, 12345 Musterstadt",
        imprint: "Nachbarschaftshilfe Musterstadt e. V., Lindenweg 5, 12345 Musterstadt. Vertreten durch den Vorstand.",
        accessibility: { conformance: "partial", accessibilityEmail: "barrierefreiheit@nachbarschaftshilfe.example.org" },
      },
    })
    .onConflictDoNothing();
  const [org] = await db.select().from(s.organizations).where(eq(s.organizations.slug, d.slug));
  await db
    .insert(s.activities)
    .values(DEFAULT_ACTIVITIES.map((a, i) => ({ ...a, organizationId: org.id, position: i })))
    .onConflictDoNothing();
  await seedDefaultQualificationTypes(db, org.id);
  await ensureMember(db, org.id, d.admin, "admin");
}

export async function ensureMember(db: Db, organizationId: string, email: string, role: "admin" | "coordinator") {
  const normalized = email.trim().toLowerCase();
  await db.insert(s.users).values({ email: normalized }).onConflictDoNothing();
  const [user] = await db.select().from(s.users).where(eq(s.users.email, normalized));
  await db.insert(s.memberships).values({ userId: user.id, organizationId, role }).onConflictDoNothing();
  const [membership] = await db
    .select()
    .from(s.memberships)
    .where(and(eq(s.memberships.userId, user.id), eq(s.memberships.organizationId, organizationId)));
  return { user, membership };
}

const FIRST_NAMES = [
  "Anna", "Lena", "Sophie", "Marie", "Julia", "Laura", "Katharina", "Sabine", "Ursula", "Monika", "Petra", "Birgit",
  "Fatima", "Amina", "Leyla", "Olena", "Natalia", "Elif", "Hanna", "Greta", "Ingrid", "Renate", "Claudia", "Miriam",
  "Lukas", "Jonas", "Felix", "Paul", "Maximilian", "Thomas", "Michael", "Andreas", "Stefan", "Jürgen", "Klaus", "Peter",
  "Ahmad", "Omar", "Yusuf", "Mehmet", "Dmytro", "Samir", "Karim", "Tobias", "Florian", "Matthias", "Wolfgang", "Heinz",
];
const LAST_NAMES = [
  "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer",
  "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger",
  "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Yılmaz", "Kaya", "Haddad",
  "Rahimi", "Kovalenko", "Petrenko", "Nowak", "Öztürk", "Al-Sayed", "Hosseini", "Berger", "Frank", "Kaiser", "Fuchs",
];
const DEMO_LANGUAGES = ["de", "en", "fr", "ar", "fa", "prs", "ps", "tr", "ru", "uk", "kmr", "ckb", "ti", "so", "es", "pl"];

/** Small deterministic PRNG so that demo data is the same on every machine. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Demo volunteers' message languages: mostly German, some in every other volunteer language. */
function demoLocale(r: number): (typeof s.volunteers.$inferInsert)["locale"] {
  return r < 0.7 ? "de" : r < 0.82 ? "en" : r < 0.86 ? "ar" : r < 0.9 ? "fa" : r < 0.94 ? "uk" : r < 0.97 ? "ru" : "tr";
}

function demoConsent(locale: string, organization: string) {
  const text = currentConsentText(locale, organization);
  return { consentVersion: text.version, consentLocale: text.locale, consentTextSha256: text.sha256, consentController: text.controller };
}

export async function seedDemoVolunteers(db: Db, organizationId: string, count: number) {
  const [{ name: organization }] = await db.select({ name: s.organizations.name }).from(s.organizations).where(eq(s.organizations.id, organizationId));
  const rand = mulberry32(20161);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const acts = await db.select({ id: s.activities.id }).from(s.activities).where(eq(s.activities.organizationId, organizationId));
  const now = Date.now();
  const rows: (typeof s.volunteers.$inferInsert)[] = [];
  const extras: { activities: string[]; languages: string[]; slots: { weekday: number; partOfDay: "morning" | "afternoon" | "evening" }[] }[] = [];
  for (let i = 0; i < count; i++) {
    const firstName = pick(FIRST_NAMES);
    const lastName = pick(LAST_NAMES);
    const channelRoll = rand();
    const contactPreference = channelRoll < 0.45 ? "email" : channelRoll < 0.75 ? "both" : "sms";
    const hasEmail = contactPreference !== "sms" || rand() < 0.5;
    const hasPhone = contactPreference !== "email" || rand() < 0.3;
    const statusRoll = rand();
    const status = statusRoll < 0.85 ? "active" : statusRoll < 0.93 ? "paused" : "pending";
    const createdAt = new Date(now - Math.floor(rand() * 400) * 86_400_000);
    const slug = `${firstName}.${lastName}`.toLowerCase().normalize("NFD").replace(/[^a-z.]/g, "");
    const flexible = rand() < 0.15;
    const locale = demoLocale(rand()); // drawn here, where the message language was always drawn: the demo data stays the same
    rows.push({
      organizationId,
      firstName,
      lastName,
      // example.net is reserved (RFC 2606); demo numbers are only ever "sent" by the development transport
      email: hasEmail ? `${slug}.${i + 1}@example.net` : null,
      phone: hasPhone ? `+491520${String(1000000 + i).slice(1)}` : null,
      contactPreference,
      locale,
      status,
      pausedUntil: status === "paused" ? new Date(now + (5 + Math.floor(rand() * 40)) * 86_400_000) : null,
      availableFlexible: flexible,
      hasDrivingLicence: rand() < 0.6,
      hasCar: rand() < 0.4,
      postalCode: rand() < 0.7 ? `12${String(300 + Math.floor(rand() * 99))}` : null,
      // every 20th keeps an older consent record, so the directory shows both states
      ...(i % 20 === 7 ? { consentVersion: CONSENT_VERSION_DEMO } : demoConsent(locale ?? "de", organization)),
      consentAt: createdAt,
      consentChannel: "web",
      emailConfirmedAt: hasEmail && status !== "pending" ? createdAt : null,
      phoneConfirmedAt: hasPhone && status !== "pending" ? createdAt : null,
      lastAskedAt: rand() < 0.6 ? new Date(now - Math.floor(rand() * 60) * 86_400_000) : null,
      createdAt,
      updatedAt: createdAt,
    });
    const activityCount = 1 + Math.floor(rand() * 4);
    const chosenActs = new Set<string>();
    while (chosenActs.size < Math.min(activityCount, acts.length)) chosenActs.add(pick(acts).id);
    const langs = new Set<string>(["de"]);
    const langCount = Math.floor(rand() * 3);
    for (let k = 0; k < langCount; k++) langs.add(pick(DEMO_LANGUAGES));
    const slots = new Map<string, { weekday: number; partOfDay: "morning" | "afternoon" | "evening" }>();
    if (!flexible) {
      const slotCount = 2 + Math.floor(rand() * 8);
      for (let k = 0; k < slotCount; k++) {
        const weekday = 1 + Math.floor(rand() * 7);
        const partOfDay = pick(["morning", "afternoon", "evening"] as const);
        slots.set(`${weekday}-${partOfDay}`, { weekday, partOfDay });
      }
    }
    extras.push({ activities: [...chosenActs], languages: [...langs], slots: [...slots.values()] });
  }
  await db.transaction(async (tx) => {
    const inserted = await tx.insert(s.volunteers).values(rows).onConflictDoNothing().returning({ id: s.volunteers.id, email: s.volunteers.email, phone: s.volunteers.phone });
    const byKey = new Map(rows.map((r, i) => [r.email ?? r.phone, extras[i]]));
    const va: (typeof s.volunteerActivities.$inferInsert)[] = [];
    const vl: (typeof s.volunteerLanguages.$inferInsert)[] = [];
    const vs: (typeof s.volunteerAvailability.$inferInsert)[] = [];
    for (const v of inserted) {
      const extra = byKey.get(v.email ?? v.phone)!;
      extra.activities.forEach((activityId) => va.push({ volunteerId: v.id, activityId }));
      extra.languages.forEach((language) => vl.push({ volunteerId: v.id, language }));
      extra.slots.forEach((slot) => vs.push({ volunteerId: v.id, ...slot }));
    }
    if (va.length) await tx.insert(s.volunteerActivities).values(va);
    if (vl.length) await tx.insert(s.volunteerLanguages).values(vl);
    if (vs.length) await tx.insert(s.volunteerAvailability).values(vs);
  });
}
