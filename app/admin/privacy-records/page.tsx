import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/admin-page";
import { RecordDocumentSections } from "@/components/privacy/record-document";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { toLocale } from "@/i18n/config";
import { requireActor } from "@/lib/auth/guard";
import { getProcessingRecordDocument } from "@/lib/privacy/admin";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("privacy"))("record.title") };
}

/** Art. 30 GDPR: the record of processing activities, generated from configuration and settings. Admins only. */
export default async function PrivacyRecordsPage() {
  const actor = await requireActor("admin");
  const t = await getTranslations("privacy");
  const { document: doc } = await getProcessingRecordDocument(actor, toLocale(await getLocale()));
  return (
    <AdminPage title={doc.title}>
      <p className="text-slate-700">{doc.subtitle}</p>
      <Card className="space-y-3">
        {doc.lead.map((p) => (
          <p key={p}>{p}</p>
        ))}
        <form method="post" action="/admin/privacy-records/download" className="flex flex-wrap items-center gap-3">
          <Button type="submit">{t("record.download")}</Button>
          <span className="text-sm text-slate-700">{t("record.downloadHint")}</span>
        </form>
      </Card>
      <RecordDocumentSections document={doc} />
    </AdminPage>
  );
}
