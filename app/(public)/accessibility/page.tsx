import { ProsePage } from "@/components/ui/page";
import { legalMetadata, legalPage } from "../_legal/legal-page";

export const generateMetadata = legalMetadata("accessibility");

const SECTIONS = ["status", "limits", "feedback", "enforcement"] as const;

export default async function AccessibilityPage() {
  const { t, org, notSet } = await legalPage();
  return (
    <ProsePage as="article" title={t("accessibility.title")}>
      <p>{t("accessibility.intro", { org: org.name })}</p>
      {SECTIONS.map((key) => (
        <section key={key} className="space-y-2">
          <h2 className="text-xl font-bold">{t(`accessibility.${key}Title`)}</h2>
          <p className="break-words">{t(`accessibility.${key}`, { contact: org.privacyContact ?? notSet })}</p>
        </section>
      ))}
      <p className="text-sm text-slate-700">{t("accessibility.date")}</p>
    </ProsePage>
  );
}
