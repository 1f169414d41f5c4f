"use client";

import { useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { inputClass } from "@/components/ui/field";
import { Choice, Fieldset } from "@/components/volunteers/form-parts";

export type LanguagePickerChoice = { code: string; name: string };
export type LanguagePickerLabels = {
  legend: ReactNode;
  hint?: string;
  filter: string;
  filterHint: string;
  noMatch: string;
  common: string;
  /** the summary of the list of all other languages (it gets the number of them) */
  other: (count: number) => string;
};

const subscribe = () => () => {};
/** true after hydration, false on the server: the filter box only appears when it can work. */
const useHydrated = () => useSyncExternalStore(subscribe, () => true, () => false);

const fold = (s: string) => s.toLocaleLowerCase().normalize("NFD").replace(/\p{M}/gu, "");

/**
 * The one list of languages (lib/volunteers/languages.ts) as checkboxes: the common ones first,
 * all others in a <details> list, so it works without JavaScript; with JavaScript a filter box
 * narrows both lists as you type (by name in the page language or by ISO code). Used by the
 * volunteer form (languages spoken) and the request form (languages required).
 */
export function LanguagePicker({
  id,
  name,
  common,
  other,
  selected,
  error,
  labels,
  heading,
}: {
  /** the legend is also a heading (registration: its groups appear in the page outline) */
  heading?: "h2" | "h3";
  id: string;
  name: string;
  common: LanguagePickerChoice[];
  other: LanguagePickerChoice[];
  selected: string[];
  error?: string;
  labels: LanguagePickerLabels;
}) {
  const hydrated = useHydrated();
  const [query, setQuery] = useState("");
  const detailsRef = useRef<HTMLDetailsElement>(null);
  const chosen = new Set(selected);
  const q = fold(query.trim());
  const matches = (l: LanguagePickerChoice) => q === "" || fold(l.name).includes(q) || l.code === q;
  const visible = q === "" ? common.length + other.length : [...common, ...other].filter(matches).length;
  const otherOpen = other.some((l) => chosen.has(l.code));

  const item = (l: LanguagePickerChoice) => (
    <li key={l.code} hidden={!matches(l)}>
      <Choice name={name} value={l.code} defaultChecked={chosen.has(l.code)} label={l.name} />
    </li>
  );

  return (
    <Fieldset id={id} heading={heading} legend={labels.legend} hint={labels.hint} error={error}>
      {hydrated ? (
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-filter`} className="text-sm font-semibold">
            {labels.filter}
          </label>
          <input
            id={`${id}-filter`}
            type="search"
            autoComplete="off"
            className={inputClass}
            value={query}
            aria-describedby={`${id}-filter-hint`}
            onChange={(e) => {
              setQuery(e.target.value);
              if (e.target.value.trim() !== "" && detailsRef.current) detailsRef.current.open = true;
            }}
          />
          <p id={`${id}-filter-hint`} className="text-sm text-slate-700">
            {labels.filterHint}
          </p>
          <p role="status" className="text-sm">
            {visible === 0 ? labels.noMatch : null}
          </p>
        </div>
      ) : null}
      <p className="text-sm font-semibold">{labels.common}</p>
      <ul className="grid grid-cols-1 gap-x-4 sm:grid-cols-2">{common.map(item)}</ul>
      <details ref={detailsRef} open={otherOpen || undefined} className="rounded-lg border border-slate-300 p-2">
        <summary className="flex min-h-11 cursor-pointer items-center font-semibold">{labels.other(other.length)}</summary>
        <ul className="grid max-h-96 grid-cols-1 gap-x-4 overflow-y-auto sm:grid-cols-2">{other.map(item)}</ul>
      </details>
    </Fieldset>
  );
}
