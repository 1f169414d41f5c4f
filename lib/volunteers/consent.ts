/**
 * The version of the consent text shown next to the checkbox and of the privacy page it links
 * to. Change it whenever either text changes in substance; every volunteer row stores the
 * version they agreed to (with time and channel) as proof of consent (Art. 7(1) GDPR).
 */
export const CONSENT_VERSION = "2026-11-v1";
