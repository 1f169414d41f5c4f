"use client";

import { createContext, useContext } from "react";

export type ErrorTexts = { title: string; body: string; retry: string };

const Texts = createContext<ErrorTexts | null>(null);

/**
 * The three texts of the error page (app/error.tsx), translated on the server by the root layout.
 * The error page is the one client component every page carries; with these it needs neither
 * next-intl's client provider nor its message formatter in the browser (issue 19: page weight).
 */
export function ErrorTextsProvider({ texts, children }: { texts: ErrorTexts; children: React.ReactNode }) {
  return <Texts value={texts}>{children}</Texts>;
}

export function useErrorTexts(): ErrorTexts | null {
  return useContext(Texts);
}
