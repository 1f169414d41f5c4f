"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { adminAction } from "@/app/_edge/actions";
import { cancelImport, runImport, saveImportMapping } from "@/lib/volunteers/import";

const idField = z.object({ id: z.uuid() }).loose();
const toStart = (): never => redirect("/admin/volunteers/import?error=expired");

/** Step 2 → 3: the mapping is kept (also when incomplete: the page shows it with its errors). */
export const saveImportMappingAction = adminAction(
  idField,
  async (actor, values, ctx) => {
    const r = await saveImportMapping(actor, values.id, values, ctx);
    if (!r.ok && r.error === "not_found") toStart();
    redirect(`/admin/volunteers/import/${values.id}${r.ok ? "" : "?step=mapping"}`);
  },
  { role: "admin", action: "volunteer.import", onDenied: "redirect", onInvalid: toStart },
);

/** Step 4: the import itself (one transaction); refusals go back to the dry run with their reason. */
export const runImportAction = adminAction(
  z.object({ id: z.uuid(), skipProblems: z.string().optional() }),
  async (actor, { id, skipProblems }, ctx) => {
    const r = await runImport(actor, id, { skipProblems: skipProblems === "on" }, ctx);
    if (!r.ok) redirect(r.error === "not_found" ? "/admin/volunteers/import?error=expired" : `/admin/volunteers/import/${id}?error=${r.error}`);
    redirect(`/admin/volunteers/import?created=${r.created}&invited=${r.invited}&skipped=${r.skipped}`);
  },
  { role: "admin", action: "volunteer.import", onDenied: "redirect", onInvalid: toStart },
);

export const cancelImportAction = adminAction(
  z.object({ id: z.uuid() }),
  async (actor, { id }, ctx) => {
    // gone already (expired, imported, another organisation's): say so instead of "cancelled"
    const r = await cancelImport(actor, id, ctx);
    redirect(r.ok ? "/admin/volunteers/import?cancelled=1" : "/admin/volunteers/import?error=expired");
  },
  { role: "admin", action: "volunteer.import_cancel", onDenied: "redirect", onInvalid: toStart },
);
