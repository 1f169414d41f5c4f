"use client";

import { Button } from "@/components/ui/button";
import { useErrorTexts } from "@/components/error-texts";

/** Texts come from the root layout (components/error-texts.tsx), so no message catalogue ships to the browser. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useErrorTexts();
  return (
    <div className="mx-auto max-w-prose space-y-4">
      <h1 className="text-2xl font-bold">{t?.title}</h1>
      <p>{t?.body}</p>
      <Button onClick={() => reset()}>{t?.retry ?? "↻"}</Button>
    </div>
  );
}
