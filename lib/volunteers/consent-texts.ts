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
 *
 * From 2026-12-v2 the text names the controller (issue 16: several organisations on one
 * installation): `{org}` stands for the organisation's name. The hash is taken over the text as
 * shown, with the name filled in, and the row keeps the name (volunteers.consent_controller), so
 * version + language + controller give back exactly the text agreed to, even after a rename.
 * The hashes pinned in the test are those of the templates here.
 */
export const CONSENT_TEXTS: Record<string, Readonly<Record<string, string>>> = {
  "2026-11-v1": {
    de: "Ich bin einverstanden, dass der Helferkreis meine Angaben speichert, um mich für passende Einsätze anzufragen. Ich kann die Einwilligung jederzeit widerrufen und meine Daten löschen. Details in der <link>Datenschutzerklärung</link>.",
    en: "I agree that the volunteer group stores my details to ask me for suitable tasks. I can withdraw my consent and delete my data at any time. Details in the <link>privacy policy</link>.",
    ar: "أوافق على أن تحفظ المنظمة بياناتي لتطلب مني المشاركة في مهام مناسبة. يمكنني سحب موافقتي وحذف بياناتي في أي وقت. التفاصيل في <link>بيان حماية البيانات</link>.",
    fa: "موافقم که سازمان اطلاعات مرا ذخیره کند تا برای کارهای مناسب از من درخواست کند. می‌توانم هر زمان رضایتم را پس بگیرم و داده‌هایم را حذف کنم. جزئیات در <link>بیانیه حفاظت از داده‌ها</link>.",
    uk: "Я даю згоду на те, що організація зберігатиме мої дані, аби звертатися до мене щодо відповідних завдань. Я можу будь-коли відкликати згоду й видалити свої дані. Докладніше – у <link>Політиці конфіденційності</link>.",
    ru: "Я даю согласие на то, чтобы организация хранила мои данные и обращалась ко мне с подходящими заданиями. Я могу в любой момент отозвать согласие и удалить свои данные. Подробнее – в <link>Политике конфиденциальности</link>.",
    tr: "Uygun görevler için bana ulaşılabilmesi amacıyla kuruluşun bilgilerimi saklamasına rıza gösteriyorum. Rızamı istediğim zaman geri alabilir ve verilerimi silebilirim. Ayrıntılar <link>gizlilik politikasında</link>.",
  },
  "2026-12-v2": {
    de: "Ich bin einverstanden, dass {org} meine Angaben speichert, um mich für passende Einsätze anzufragen. Verantwortlich für meine Daten ist {org}. Ich kann die Einwilligung jederzeit widerrufen und meine Daten löschen. Details in der <link>Datenschutzerklärung</link>.",
    en: "I agree that {org} stores my details to ask me for suitable tasks. Responsible for my data (the controller): {org}. I can withdraw my consent and delete my data at any time. Details in the <link>privacy policy</link>.",
    ar: "أوافق على أن تحفظ منظمة {org} بياناتي لتطلب مني المشاركة في مهام مناسبة. الجهة المسؤولة عن بياناتي: {org}. يمكنني سحب موافقتي وحذف بياناتي في أي وقت. التفاصيل في <link>بيان حماية البيانات</link>.",
    fa: "موافقم که سازمان {org} اطلاعات مرا ذخیره کند تا برای کارهای مناسب از من درخواست کند. مسئول داده‌های من: {org}. می‌توانم هر زمان رضایتم را پس بگیرم و داده‌هایم را حذف کنم. جزئیات در <link>بیانیه حفاظت از داده‌ها</link>.",
    uk: "Я даю згоду на те, що організація {org} зберігатиме мої дані, аби звертатися до мене щодо відповідних завдань. Відповідальна за мої дані організація: {org}. Я можу будь-коли відкликати згоду й видалити свої дані. Докладніше – у <link>Політиці конфіденційності</link>.",
    ru: "Я даю согласие на то, чтобы организация {org} хранила мои данные и обращалась ко мне с подходящими заданиями. Ответственная за мои данные организация: {org}. Я могу в любой момент отозвать согласие и удалить свои данные. Подробнее – в <link>Политике конфиденциальности</link>.",
    tr: "Uygun görevler için bana ulaşılabilmesi amacıyla {org} kuruluşunun bilgilerimi saklamasına rıza gösteriyorum. Verilerimden sorumlu kuruluş: {org}. Rızamı istediğim zaman geri alabilir ve verilerimi silebilirim. Ayrıntılar <link>gizlilik politikasında</link>.",
  },
};
