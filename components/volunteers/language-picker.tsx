"use client";

import { useTranslations } from "@/i18n/client";
import { LanguagePicker as Picker } from "@/components/language-picker";
import type { LanguageChoice } from "@/lib/volunteers/form-state";

/** Languages spoken (registration and profile): the shared picker with the volunteer texts. */
export function LanguagePicker({ common, other, selected, error }: { common: LanguageChoice[]; other: LanguageChoice[]; selected: string[]; error?: string }) {
  const t = useTranslations("volunteers.fields");
  return (
    <Picker
      heading="h2"
      id="languages"
      name="languages"
      common={common}
      other={other}
      selected={selected}
      error={error}
      labels={{
        legend: t("languages"),
        hint: t("languagesHint"),
        filter: t("languagesFilter"),
        filterHint: t("languagesFilterHint"),
        noMatch: t("languagesNoMatch"),
        common: t("languagesCommon"),
        other: (count) => t("languagesOther", { count }),
      }}
    />
  );
}
