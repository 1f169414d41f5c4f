"use client";

import { useTranslations } from "next-intl";
import { useRef, useState, useSyncExternalStore } from "react";
import { inputClass } from "@/components/ui/field";
import type { LanguageChoice } from "@/lib/volunteers/form-state";
import { Choice, Fieldset } from "./form-parts";

const subscribe = () => () => {};
/** true after hydration, false on the server: the filter box only appears when it can work. */
const useHydrated = () => useSyncExternalStore(subscribe, () => true, () => false);

const fold = (s: string) => s.toLocaleLowerCase().normalize("NFD").replace(/\p{M}/gu, "");

/**
 * Languages spoken: the common ones as checkboxes, all others in a <details> list, so it works
 * without JavaScript. With JavaScript a filter box narrows both lists as you type.
 */
export function LanguagePicker({ common, other, selected, error }: { common: LanguageChoice[]; other: LanguageChoice[]; selected: string[]; error?: string }) {
  const t = useTranslations("volunteers.fields");
  const hydrated = useHydrated();
  const [query, setQuery] = useState("");
  const detailsRef = useRef<HTMLDetailsElement>(null);
  const chosen = new Set(selected);
  const q = fold(query.trim());
  const matches = (l: LanguageChoice) => q === "" || fold(l.name).includes(q) || l.code === q;
  const visible = q === "" ? common.length + other.length : [...common, ...other].filter(matches).length;
  const otherOpen = other.some((l) => chosen.has(l.code));

  const item = (l: LanguageChoice) => (
    <li key={l.code} hidden={!matches(l)}>
      <Choice name="languages" value={l.code} defaultChecked={chosen.has(l.code)} label={l.name} />
    </li>
  );

  return (
    <Fieldset id="languages" heading="h2" legend={t("languages")} hint={t("languagesHint")} error={error}>
      {hydrated ? (
        <div className="flex flex-col gap-1">
          <label htmlFor="language-filter" className="text-sm font-semibold">
            {t("languagesFilter")}
          </label>
          <input
            id="language-filter"
            type="search"
            autoComplete="off"
            className={inputClass}
            value={query}
            aria-describedby="language-filter-hint"
            onChange={(e) => {
              setQuery(e.target.value);
              if (e.target.value.trim() !== "" && detailsRef.current) detailsRef.current.open = true;
            }}
          />
          <p id="language-filter-hint" className="text-sm text-slate-700">
            {t("languagesFilterHint")}
          </p>
          <p role="status" className="text-sm">
            {visible === 0 ? t("languagesNoMatch") : null}
          </p>
        </div>
      ) : null}
      <p className="text-sm font-semibold">{t("languagesCommon")}</p>
      <ul className="grid grid-cols-1 gap-x-4 sm:grid-cols-2">{common.map(item)}</ul>
      <details ref={detailsRef} open={otherOpen || undefined} className="rounded-lg border border-slate-300 p-2">
        <summary className="flex min-h-11 cursor-pointer items-center font-semibold">{t("languagesOther", { count: other.length })}</summary>
        <ul className="grid max-h-96 grid-cols-1 gap-x-4 overflow-y-auto sm:grid-cols-2">{other.map(item)}</ul>
      </details>
    </Fieldset>
  );
}
