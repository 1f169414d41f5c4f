"use client";

import { createContext, useContext, useMemo } from "react";
import type { useLocale as useNextIntlLocale, useTranslations as useNextIntlTranslations } from "next-intl";
import { formatMessage, type MessageValues } from "./format-message";

/**
 * next-intl's `useTranslations` / `useLocale` for the public pages' client components, without
 * next-intl's client provider and formatter in the browser (i18n/format-message.ts says why).
 * Same call signatures and the same key types (the catalogue's), so a component switches by its
 * import line. The messages are the namespaces the server component picked
 * (components/volunteers/volunteer-intl.tsx). The coordinator area keeps next-intl's provider.
 */
type Texts = { locale: string; messages: Record<string, unknown> };
const Context = createContext<Texts | null>(null);

export function ClientTexts({ locale, messages, children }: Texts & { children: React.ReactNode }) {
  const value = useMemo(() => ({ locale, messages }), [locale, messages]);
  return <Context value={value}>{children}</Context>;
}

function useTexts(): Texts {
  const texts = useContext(Context);
  if (!texts) throw new Error("a translated client component outside <ClientTexts> (VolunteerIntl)");
  return texts;
}

function lookup(messages: Record<string, unknown>, path: string): unknown {
  let node: unknown = messages;
  for (const key of path.split(".")) node = node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

export const useLocale = (() => useTexts().locale) as typeof useNextIntlLocale;

export const useTranslations = ((namespace?: string) => {
  const { locale, messages } = useTexts();
  return useMemo(() => {
    const t = (key: string, values?: MessageValues) => {
      const path = namespace ? `${namespace}.${key}` : key;
      const message = lookup(messages, path);
      // like next-intl: a missing key shows its path instead of failing the page
      return typeof message === "string" ? formatMessage(message, values, locale) : path;
    };
    t.has = (key: string) => typeof lookup(messages, namespace ? `${namespace}.${key}` : key) === "string";
    return t;
  }, [locale, messages, namespace]);
}) as unknown as typeof useNextIntlTranslations;
