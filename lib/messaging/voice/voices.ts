import type { Locale } from "@/i18n/config";
import { config, type AppConfig } from "@/lib/config";
import type { SpokenLanguage } from "./texts";

/** The Polly voice and the TwiML `language` of each spoken language (defaults; VOICE_NAMES overrides the voice). */
const DEFAULT_VOICES: Record<SpokenLanguage, { voice: string; language: string; intl: string }> = {
  de: { voice: "Polly.Vicki-Neural", language: "de-DE", intl: "de-DE" },
  en: { voice: "Polly.Amy-Neural", language: "en-GB", intl: "en-GB" },
  // Polly's Modern Standard Arabic: only the standard voice Zeina
  ar: { voice: "Polly.Zeina", language: "arb", intl: "ar" },
  tr: { voice: "Polly.Filiz", language: "tr-TR", intl: "tr-TR" },
  ru: { voice: "Polly.Tatyana", language: "ru-RU", intl: "ru-RU" },
};

export type SpokenVoice = { lang: SpokenLanguage; voice: string; language: string; intl: string };

const SPOKEN: readonly string[] = ["de", "en", "ar", "tr", "ru"];

/**
 * The language a volunteer is called in: their message language when it is spoken here
 * (VOICE_LANGUAGES, default all five with a voice), else VOICE_FALLBACK_LANGUAGE. uk and fa have
 * no Polly voice and always fall back.
 */
export function spokenVoiceFor(locale: Locale, c: Pick<AppConfig, "VOICE_LANGUAGES" | "VOICE_FALLBACK_LANGUAGE" | "VOICE_NAMES"> = config()): SpokenVoice {
  const enabled = c.VOICE_LANGUAGES ? c.VOICE_LANGUAGES.split(",") : SPOKEN;
  const lang = (SPOKEN.includes(locale) && enabled.includes(locale) ? locale : c.VOICE_FALLBACK_LANGUAGE) as SpokenLanguage;
  const overrides = new Map((c.VOICE_NAMES ?? "").split(",").filter(Boolean).map((pair) => pair.split("=") as [string, string]));
  const d = DEFAULT_VOICES[lang];
  return { lang, voice: overrides.get(lang) ?? d.voice, language: d.language, intl: d.intl };
}
