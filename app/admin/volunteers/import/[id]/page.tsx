import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { AdminPage } from "@/components/admin/admin-page";
import { Button, LinkButton } from "@/components/ui/button";
import { Card, Notice, TitledCard } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { eq } from "drizzle-orm";
import { requireActor } from "@/lib/auth/guard";
import { unconfirmedDaysOf } from "@/lib/organizations/settings-schema";
import { dryRunImport, getImportSession, IMPORT_FIELDS, ROW_PROBLEMS } from "@/lib/volunteers/import";
import { mappingErrors } from "@/lib/volunteers/import/mapping";
import { adminMetadata } from "../../../_shared/metadata";
import { cancelImportAction, runImportAction, saveImportMappingAction } from "../actions";

export const generateMetadata = adminMetadata("import.title");
export const dynamic = "force-dynamic";

const ENCODING_LABELS: Record<string, string> = { "utf-8": "CSV, UTF-8", "utf-8-bom": "CSV, UTF-8 + BOM", "windows-1252": "CSV, Windows-1252", xlsx: "Excel (XLSX)" };
const RUN_ERRORS = ["confirm_skip", "nothing_to_import", "mapping_missing"] as const;
/** The dry run lists at most this many rows with problems (the summary counts all). */
const SHOWN_PROBLEM_ROWS = 500;

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Steps 2–4 of an import: the column mapping, then the dry run with the import button. Reading only. */
export default async function ImportSessionPage({ params, searchParams }: Props) {
  const actor = await requireActor("admin");
  const t = await getTranslations("admin.import");
  const { id } = await params;
  const sp = await searchParams;
  const db = await getDb();
  const session = await getImportSession(actor, id, { db });
  if (!session) redirect("/admin/volunteers/import?error=expired");
  const errors = session.mappingConfirmed ? mappingErrors(session.mapping, session.headers.length) : [];
  const showMapping = !session.mappingConfirmed || errors.length > 0 || sp.step === "mapping";
  const info = <p className="text-sm text-slate-700 [overflow-wrap:anywhere]">{t("fileInfo", { file: session.fileName, rows: session.rowCount, format: ENCODING_LABELS[session.encoding] ?? session.encoding })}</p>;
  const cancel = (
    <form action={cancelImportAction}>
      <input type="hidden" name="id" value={session.id} />
      <Button type="submit" variant="ghost" className="w-full sm:w-auto">{t("cancel")}</Button>
    </form>
  );

  if (showMapping) {
    const sampleOf = (col: number) => session.rows.find((r) => r[col])?.[col];
    return (
      <AdminPage title={t("title")}>
        <Card className="space-y-4">
          <h2 className="text-xl font-bold">{t("mappingTitle")}</h2>
          {info}
          <p>{t("mappingLead")}</p>
          {errors.length ? (
            <div role="alert" id="mapping-errors" tabIndex={-1} className="rounded-lg border-s-4 border-red-700 bg-red-50 p-4" data-testid="mapping-errors">
              <ul className="list-disc ps-5">
                {errors.map((e) => (
                  <li key={e}>{t(`mappingErrors.${e}`)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <form action={saveImportMappingAction} className="space-y-3">
            <input type="hidden" name="id" value={session.id} />
            {IMPORT_FIELDS.map((field, i) => (
              <div key={field} className="space-y-1">
                <label htmlFor={`map_${field}`} className="block font-semibold">{t(`fields.${field}`)}</label>
                <select
                  id={`map_${field}`}
                  name={`map_${field}`}
                  defaultValue={session.mapping[field] === undefined ? "" : String(session.mapping[field])}
                  autoFocus={i === 0 && errors.length > 0}
                  aria-describedby={errors.length ? "mapping-errors" : undefined}
                  className={inputClass}
                >
                  <option value="">{t("notMapped")}</option>
                  {session.headers.map((h, col) => {
                    const sample = sampleOf(col);
                    return (
                      <option key={col} value={String(col)}>
                        {(h || `#${col + 1}`) + (sample ? ` – ${t("sample", { value: sample.slice(0, 30) })}` : "")}
                      </option>
                    );
                  })}
                </select>
              </div>
            ))}
            <Button type="submit" className="w-full sm:w-auto">{t("mappingSubmit")}</Button>
          </form>
          {cancel}
        </Card>
      </AdminPage>
    );
  }

  const run = await dryRunImport(db, actor.organizationId, session);
  const [org] = await db.select({ settings: s.organizations.settings }).from(s.organizations).where(eq(s.organizations.id, actor.organizationId));
  const problemRows = run.rows.filter((r) => r.problems.length > 0);
  const runError = RUN_ERRORS.find((e) => e === sp.error);
  const { total, ok, withProblems } = run.summary;
  return (
    <AdminPage title={t("title")}>
      <TitledCard title={t("reviewTitle")}>
        <div className="space-y-3">
          {info}
          <p className="text-lg font-semibold" data-testid="import-summary">{t("summary", { total, ok, problems: withProblems })}</p>
          {withProblems > 0 ? (
            <>
              <h3 className="font-bold">{t("byProblem")}</h3>
              <ul className="list-disc ps-5" data-testid="import-by-problem">
                {ROW_PROBLEMS.filter((p) => run.summary.byProblem[p]).map((p) => (
                  <li key={p}>{t(`problems.${p}`)}: {run.summary.byProblem[p]}</li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      </TitledCard>
      {problemRows.length ? (
        <TitledCard title={t("problemRowsTitle")}>
          <ul className="divide-y divide-slate-200" data-testid="import-problem-rows">
            {problemRows.slice(0, SHOWN_PROBLEM_ROWS).map((r) => (
              <li key={r.line} className="py-2 [overflow-wrap:anywhere]">
                <strong>{t("line")} {r.line}</strong>
                {r.firstName || r.lastName ? ` · ${[r.firstName, r.lastName].filter(Boolean).join(" ")}` : ""}: {r.problems.map((p) => t(`problems.${p}`)).join(", ")}
              </li>
            ))}
          </ul>
          {problemRows.length > SHOWN_PROBLEM_ROWS ? <p className="mt-2">{t("problemRowsMore", { count: problemRows.length - SHOWN_PROBLEM_ROWS })}</p> : null}
        </TitledCard>
      ) : null}
      <Card className="space-y-4">
        <h2 className="text-xl font-bold">{t("importTitle")}</h2>
        {runError ? <Notice tone="error"><p id="run-error">{t(`runErrors.${runError}`)}</p></Notice> : null}
        {ok > 0 ? (
          <form action={runImportAction} className="space-y-4">
            <input type="hidden" name="id" value={session.id} />
            <p>{t("importLead", { count: ok, days: unconfirmedDaysOf(org?.settings ?? {}) })}</p>
            {withProblems > 0 ? (
              <label className="flex min-h-11 cursor-pointer items-start gap-3">
                <input
                  type="checkbox"
                  name="skipProblems"
                  required
                  autoFocus={runError === "confirm_skip"}
                  aria-describedby={runError ? "run-error" : undefined}
                  className="mt-0.5 size-6 shrink-0 accent-brand-700"
                />
                <span>{t("skipProblems", { count: withProblems })}</span>
              </label>
            ) : null}
            <Button type="submit" className="w-full sm:w-auto">{t("importSubmit", { count: ok })}</Button>
          </form>
        ) : (
          <Notice tone="warning"><p>{t("runErrors.nothing_to_import")}</p></Notice>
        )}
        <div className="flex flex-wrap gap-3">
          <LinkButton href={`/admin/volunteers/import/${session.id}?step=mapping`} variant="secondary">{t("editMapping")}</LinkButton>
          {cancel}
        </div>
      </Card>
    </AdminPage>
  );
}
