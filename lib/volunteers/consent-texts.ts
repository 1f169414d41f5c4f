/**
 * Every consent text ever shown next to the registration checkbox (and on the renewal step at
 * sign-in), per version and language, exactly as displayed: `<link>…</link>` marks the link to the
 * privacy page. Volunteers' rows store the version, the language and the SHA-256 of the text, so
 * the text someone agreed to can be shown and proven later (Art. 7(1) GDPR).
 *
 * Never edit a text of a published version: add a new version, make it CONSENT_VERSION in
 * ./consent.ts, and keep the old ones here. tests/unit/consent-texts.test.ts pins the hashes of
 * published texts and checks that every locale has the current text. New languages add their
 * translation of the current version (adding a language does not change a version).
 */
export const CONSENT_TEXTS: Record<string, Readonly<Record<string, string>>> = {
  "2026-11-v1": {
    de: "Ich bin einverstanden, dass der Helferkreis meine Angaben speichert, um mich für passende Einsätze anzufragen. Ich kann die Einwilligung jederzeit widerrufen und meine Daten löschen. Details in der <link>Datenschutzerklärung</link>.",
    en: "I agree that the volunteer group stores my details to ask me for suitable tasks. I can withdraw my consent and delete my data at any time. Details in the <link>privacy policy</link>.",
  },
};
