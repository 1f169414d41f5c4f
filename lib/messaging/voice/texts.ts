/**
 * What a call says (issue 18), per spoken language. Only languages with an Amazon Polly voice on
 * Twilio are here: de, en, ar (Polly "arb"), tr, ru. Ukrainian and Persian have no Polly voice;
 * volunteers with those languages are called in VOICE_FALLBACK_LANGUAGE (de or en, see
 * voices.ts) — never in Russian for Ukrainian speakers.
 *
 * Written for the ear: no abbreviations, no gender asterisk (TTS reads it out), short sentences,
 * numbers as digits (the voice reads them in its language). German uses the Sie-form.
 */
export type SpokenLanguage = "de" | "en" | "ar" | "tr" | "ru";

export type VoiceTexts = {
  greeting: (v: { org: string; firstName: string }) => string;
  request: (v: { activity: string; title: string; when: string; place: string; missing: number }) => string;
  menu: string;
  invalid: string;
  goodbye: string;
  accepted: string;
  /** after "accepted": where the briefing goes */
  briefingByText: string;
  meetingPoint: (point: string) => string;
  contact: (name: string) => string;
  full: string;
  declined: string;
  withdrawn: string;
  notCurrent: string;
  alreadyAnswered: string;
  stopped: string;
  code: (v: { org: string; digits: string }) => string;
  codeRepeat: (digits: string) => string;
};

export const VOICE_TEXTS: Record<SpokenLanguage, VoiceTexts> = {
  de: {
    greeting: ({ org, firstName }) => `Guten Tag ${firstName}. Hier ist ${org} mit einer Anfrage für einen Einsatz.`,
    request: ({ activity, title, when, place, missing }) =>
      `${activity}: ${title}. ${when}.${place ? ` Ort: ${place}.` : ""} Es ${missing === 1 ? "wird noch eine Person" : `werden noch ${missing} Personen`} gebraucht.`,
    menu: "Wenn Sie helfen können, drücken Sie die 1. Wenn nicht, drücken Sie die 2. Zum Wiederholen drücken Sie die 9. Wenn Sie keine Anrufe mehr möchten, drücken Sie die 0.",
    invalid: "Diese Taste ist nicht belegt.",
    goodbye: "Vielen Dank. Auf Wiederhören.",
    accepted: "Vielen Dank, Sie sind dabei.",
    briefingByText: "Die Einzelheiten schicken wir Ihnen auch schriftlich.",
    meetingPoint: (p) => `Treffpunkt: ${p}.`,
    contact: (n) => `Ansprechperson vor Ort: ${n}.`,
    full: "Vielen Dank. Es haben schon genug Helferinnen und Helfer zugesagt.",
    declined: "Schade. Vielen Dank für Ihre Antwort.",
    withdrawn: "Ihre Zusage ist zurückgenommen. Vielen Dank, dass Sie Bescheid gesagt haben.",
    notCurrent: "Diese Anfrage ist nicht mehr aktuell. Vielen Dank.",
    alreadyAnswered: "Ihre Antwort ist schon bei uns angekommen.",
    stopped: "Sie bekommen von uns keine Anrufe mehr. Im Profil auf unserer Webseite können Sie Anrufe wieder einschalten.",
    code: ({ org, digits }) => `Guten Tag. Hier ist ${org}. Ihr Bestätigungscode lautet: ${digits}.`,
    codeRepeat: (digits) => `Ich wiederhole: ${digits}. Bitte geben Sie den Code auf der Webseite ein. Auf Wiederhören.`,
  },
  en: {
    greeting: ({ org, firstName }) => `Hello ${firstName}. This is ${org} with a request for help.`,
    request: ({ activity, title, when, place, missing }) =>
      `${activity}: ${title}. ${when}.${place ? ` Place: ${place}.` : ""} ${missing === 1 ? "One more person is" : `${missing} more people are`} needed.`,
    menu: "If you can help, press 1. If not, press 2. To hear this again, press 9. If you do not want any more calls, press 0.",
    invalid: "That key is not part of the menu.",
    goodbye: "Thank you. Goodbye.",
    accepted: "Thank you, you are in.",
    briefingByText: "We will also send you the details in writing.",
    meetingPoint: (p) => `Meeting point: ${p}.`,
    contact: (n) => `Contact on site: ${n}.`,
    full: "Thank you. Enough helpers have already said yes.",
    declined: "What a pity. Thank you for your answer.",
    withdrawn: "Your yes has been withdrawn. Thank you for letting us know.",
    notCurrent: "This request is no longer current. Thank you.",
    alreadyAnswered: "We have already received your answer.",
    stopped: "You will not get any more calls from us. You can switch calls on again in your profile on our website.",
    code: ({ org, digits }) => `Hello. This is ${org}. Your confirmation code is: ${digits}.`,
    codeRepeat: (digits) => `Once again: ${digits}. Please enter the code on the website. Goodbye.`,
  },
  ar: {
    greeting: ({ org, firstName }) => `مرحبًا ${firstName}. معك ${org} بطلب مساعدة.`,
    request: ({ activity, title, when, place, missing }) => `${activity}: ${title}. ${when}.${place ? ` المكان: ${place}.` : ""} نحتاج إلى ${missing} ${missing === 1 ? "شخص" : "أشخاص"} آخرين.`,
    menu: "إذا كنت تستطيع المساعدة، اضغط 1. إذا لم تستطع، اضغط 2. لسماع الرسالة مرة أخرى، اضغط 9. إذا كنت لا تريد مكالمات بعد الآن، اضغط 0.",
    invalid: "هذا الزر غير موجود في القائمة.",
    goodbye: "شكرًا لك. مع السلامة.",
    accepted: "شكرًا لك، أنت معنا.",
    briefingByText: "سنرسل لك التفاصيل كتابةً أيضًا.",
    meetingPoint: (p) => `مكان اللقاء: ${p}.`,
    contact: (n) => `الشخص المسؤول في المكان: ${n}.`,
    full: "شكرًا لك. لقد وافق عدد كافٍ من المتطوعين.",
    declined: "للأسف. شكرًا لك على ردك.",
    withdrawn: "تم إلغاء موافقتك. شكرًا لأنك أخبرتنا.",
    notCurrent: "هذا الطلب لم يعد قائمًا. شكرًا لك.",
    alreadyAnswered: "لقد وصلنا ردك بالفعل.",
    stopped: "لن تصلك منا مكالمات بعد الآن. يمكنك تشغيل المكالمات مرة أخرى من ملفك الشخصي على موقعنا.",
    code: ({ org, digits }) => `مرحبًا. معك ${org}. رمز التأكيد الخاص بك هو: ${digits}.`,
    codeRepeat: (digits) => `أكرر: ${digits}. من فضلك أدخل الرمز على الموقع. مع السلامة.`,
  },
  tr: {
    greeting: ({ org, firstName }) => `Merhaba ${firstName}. ${org} olarak bir yardım talebiyle arıyoruz.`,
    request: ({ activity, title, when, place, missing }) => `${activity}: ${title}. ${when}.${place ? ` Yer: ${place}.` : ""} ${missing} kişiye daha ihtiyaç var.`,
    menu: "Yardım edebilirseniz 1'e basın. Edemiyorsanız 2'ye basın. Tekrar dinlemek için 9'a basın. Artık arama istemiyorsanız 0'a basın.",
    invalid: "Bu tuş menüde yok.",
    goodbye: "Teşekkür ederiz. Hoşça kalın.",
    accepted: "Teşekkür ederiz, siz de varsınız.",
    briefingByText: "Ayrıntıları size yazılı olarak da göndereceğiz.",
    meetingPoint: (p) => `Buluşma yeri: ${p}.`,
    contact: (n) => `Yerindeki irtibat kişisi: ${n}.`,
    full: "Teşekkür ederiz. Yeterli sayıda gönüllü zaten kabul etti.",
    declined: "Ne yazık. Cevabınız için teşekkür ederiz.",
    withdrawn: "Kabulünüz geri alındı. Haber verdiğiniz için teşekkür ederiz.",
    notCurrent: "Bu talep artık güncel değil. Teşekkür ederiz.",
    alreadyAnswered: "Cevabınız bize zaten ulaştı.",
    stopped: "Artık sizi aramayacağız. Web sitemizdeki profilinizden aramaları yeniden açabilirsiniz.",
    code: ({ org, digits }) => `Merhaba. ${org} arıyor. Onay kodunuz: ${digits}.`,
    codeRepeat: (digits) => `Tekrar ediyorum: ${digits}. Lütfen kodu web sitesine girin. Hoşça kalın.`,
  },
  ru: {
    greeting: ({ org, firstName }) => `Здравствуйте, ${firstName}. Вам звонит ${org} с просьбой о помощи.`,
    request: ({ activity, title, when, place, missing }) => `${activity}: ${title}. ${when}.${place ? ` Место: ${place}.` : ""} Нужно ещё человек: ${missing}.`,
    menu: "Если вы можете помочь, нажмите 1. Если нет, нажмите 2. Чтобы прослушать ещё раз, нажмите 9. Если вы больше не хотите получать звонки, нажмите 0.",
    invalid: "Эта клавиша не используется.",
    goodbye: "Спасибо. До свидания.",
    accepted: "Спасибо, вы участвуете.",
    briefingByText: "Подробности мы также пришлём вам письменно.",
    meetingPoint: (p) => `Место встречи: ${p}.`,
    contact: (n) => `Контактное лицо на месте: ${n}.`,
    full: "Спасибо. Уже согласилось достаточно помощников.",
    declined: "Жаль. Спасибо за ваш ответ.",
    withdrawn: "Ваше согласие отменено. Спасибо, что сообщили.",
    notCurrent: "Этот запрос больше не актуален. Спасибо.",
    alreadyAnswered: "Ваш ответ уже получен.",
    stopped: "Мы больше не будем вам звонить. Включить звонки снова можно в профиле на нашем сайте.",
    code: ({ org, digits }) => `Здравствуйте. Вам звонит ${org}. Ваш код подтверждения: ${digits}.`,
    codeRepeat: (digits) => `Повторяю: ${digits}. Пожалуйста, введите код на сайте. До свидания.`,
  },
};

/** A code read digit by digit, slowly: "4, 7, 1, 0, 9, 2" (the comma is a pause for every voice). */
export function spokenDigits(code: string): string {
  return code.split("").join(", ");
}
