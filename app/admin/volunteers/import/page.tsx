import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/admin-page";
import { Button, LinkButton } from "@/components/ui/button";
import { Card, Notice, TitledCard } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { requireActor } from "@/lib/auth/guard";
import { config } from "@/lib/config";
import { adminMetadata } from "../../_shared/metadata";

export const generateMetadata = adminMetadata("import.title");
export const dynamic = "force-dynamic";

const FILE_ERRORS = ["too_large", "too_many_rows", "wrong_type", "encoding", "empty", "unreadable", "no_file"] as const;
const count = (v: unknown) => (typeof v === "string" && /^\d{1,6}$/.test(v) ? Number(v) : null);

/** Step 1: the upload (a plain multipart form to the upload route: works without JavaScript). */
export default async function ImportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireActor("admin");
  const t = await getTranslations("admin.import");
  const sp = await searchParams;
  const c = config();
  const limits = { mb: Math.round((c.IMPORT_MAX_BYTES / 1024 / 1024) * 10) / 10, rows: c.IMPORT_MAX_ROWS.toLocaleString("de-DE") };
  const error = FILE_ERRORS.find((e) => e === sp.error);
  const created = count(sp.created);
  if (created !== null) {
    return (
      <AdminPage title={t("doneTitle")}>
        <Notice tone="success">
          <p data-testid="import-done">{t("done", { created, invited: count(sp.invited) ?? 0, skipped: count(sp.skipped) ?? 0 })}</p>
        </Notice>
        <div className="flex flex-wrap gap-3">
          <LinkButton href="/admin/volunteers?status=pending">{t("toDirectory")}</LinkButton>
          <LinkButton href="/admin/volunteers/import" variant="secondary">{t("again")}</LinkButton>
        </div>
      </AdminPage>
    );
  }
  return (
    <AdminPage title={t("title")}>
      {sp.cancelled ? <Notice tone="success"><p>{t("cancelled")}</p></Notice> : null}
      {sp.error === "expired" ? <Notice tone="warning"><p>{t("expired")}</p></Notice> : null}
      <Card className="space-y-4">
        <p>{t("lead")}</p>
        <form action="/admin/volunteers/import/upload" method="post" encType="multipart/form-data" className="space-y-4">
          <div className="space-y-1">
            <label htmlFor="file" className="block font-semibold">{t("file")}</label>
            <p id="file-hint" className="text-sm text-slate-700">{t("fileHint", limits)}</p>
            <input
              id="file"
              name="file"
              type="file"
              required
              accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              autoFocus={!!error}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "file-hint file-error" : "file-hint"}
              className={`${inputClass} file:me-3 file:min-h-11 file:rounded file:border-0 file:bg-slate-100 file:px-3`}
            />
            {error ? (
              <p id="file-error" role="alert" className="font-semibold text-red-700" data-testid="import-file-error">
                {t(`fileErrors.${error}`, limits)}
              </p>
            ) : null}
          </div>
          <Button type="submit" className="w-full sm:w-auto">{t("upload")}</Button>
        </form>
        <p className="text-sm text-slate-700">{t("keptNote")}</p>
      </Card>
      <TitledCard title={t("formatsTitle")}>
        <p>{t("formats")}</p>
      </TitledCard>
    </AdminPage>
  );
}
