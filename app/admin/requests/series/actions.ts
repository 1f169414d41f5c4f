"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { adminAction } from "@/app/_edge/actions";
import { getDb } from "@/db";
import { formValuesWithLists, type ActionState } from "@/lib/http/action-state";
import { ok } from "@/lib/result";
import { createSeries, previewSeries } from "@/lib/series/create";
import { endSeries } from "@/lib/series/manage";
import { seriesRawFromFormData } from "@/lib/series/schema";

/** Coordinator actions on series (adminAction: admitted, audited refusals, typed state). */

/** What was typed (weekdays is a checkbox group) and, after "Vorschau", the first occurrences (ISO instants) and how many there are. */
export type SeriesFormState = ActionState<Record<string, string | string[]>, { preview: string[]; total: number }>;

/** "Vorschau" lists the first dates without storing anything; "Anlegen" creates the series and goes to its overview. */
export const seriesFormAction = adminAction(
  (fd) => ({ intent: fd.get("intent") === "preview" ? ("preview" as const) : ("create" as const), raw: seriesRawFromFormData(fd) }),
  async (actor, { intent, raw }, ctx) => {
    const db = await getDb();
    if (intent === "preview") {
      const p = await previewSeries(db, actor, raw);
      if (!p.ok) return { ok: false as const, error: "invalid" as const, fieldErrors: p.fieldErrors };
      return ok({ preview: p.data.occurrences.slice(0, 6).map((o) => o.startsAt.toISOString()), total: p.data.occurrences.length });
    }
    const result = await createSeries(db, actor, raw, { ip: ctx.ip });
    if (!result.ok) return result;
    revalidatePath("/admin/requests");
    redirect(`/admin/requests/series/${result.seriesId}${result.duplicate ? "" : `?created=${result.occurrences}`}`);
  },
  { action: "series.create", keep: (fd) => formValuesWithLists(fd, ["weekdays", "languages"]), keepOnSuccess: true },
);

export type EndSeriesState = ActionState<Record<string, string>, { cancelled: number; notified: number }>;

/** Ends the series (confirmed; the reason goes to the accepted helpers of every cancelled occurrence). */
export const endSeriesAction = adminAction(
  (fd) => ({ seriesId: String(fd.get("seriesId") ?? ""), confirm: fd.get("confirm") ?? undefined, reason: fd.get("reason") ?? undefined }),
  async (actor, { seriesId, confirm, reason }, ctx) => {
    const result = await endSeries(await getDb(), actor, seriesId, { confirm, reason }, { ip: ctx.ip });
    if (!result.ok) return result;
    revalidatePath("/admin/requests", "layout");
    // the overview without the form, saying what happened
    redirect(`/admin/requests/series/${seriesId}?ended=${result.cancelled}&notified=${result.notified}`);
  },
  { action: "series.end" },
);
