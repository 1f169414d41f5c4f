"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { BriefingFields } from "@/components/admin/briefing-fields";
import { RequestTimeFields } from "@/components/admin/request-time-fields";
import { Button } from "@/components/ui/button";
import { Field, inputClass, TextInput } from "@/components/ui/field";
import { FormSummary } from "@/components/ui/form-summary";
import { LIMIT_MESSAGE_VALUES, MAX_DETAILS_LENGTH, MAX_HELPERS, MAX_PLACE_LENGTH, MAX_TITLE_LENGTH } from "@/lib/requests/limits";
import { updateRequestAction, type UpdateRequestState } from "../../actions";

const FIELD_ORDER = ["title", "details", "place", "startsAt", "endsAt", "helpersNeeded", "meetingPoint", "contactName", "contactPhone", "whatToBring"] as const;

/** A number per answer of the server: the form remounts with what was typed (see the new-request form). */
const rounds = new WeakMap<object, number>();
let lastRound = 0;
function roundOf(state: object): number {
  let round = rounds.get(state);
  if (round === undefined) rounds.set(state, (round = ++lastRound));
  return round;
}

/**
 * Edit a sent request. A plain form posting to a server action (works before JavaScript loads);
 * it carries the revision it was rendered from, so a replayed or outdated form changes nothing.
 */
export function EditRequestForm({
  requestId,
  values,
  timeZone,
  durationMinutes,
  series,
}: {
  requestId: string;
  values: Record<string, string>;
  timeZone: string;
  durationMinutes: number;
  /** an occurrence of a series: how many later dates "this and all following" would change */
  series?: { following: number };
}) {
  const t = useTranslations("requests.form");
  const te = useTranslations("requests.edit");
  const ts = useTranslations("requests.series.edit");
  const [state, action, pending] = useActionState<UpdateRequestState, FormData>(updateRequestAction, {});
  const round = roundOf(state);
  const v: Record<string, string> = { ...values, ...(state.values ?? {}), revision: values.revision };
  const err = (k: string) => {
    const code = state.fieldErrors?.[k];
    return code ? t(`errors.${code}` as "errors.required", LIMIT_MESSAGE_VALUES) : undefined;
  };
  const errorLinks = FIELD_ORDER.filter((k) => state.fieldErrors?.[k]).map((k) => ({ href: `#${k}`, text: t(k) }));
  const summary =
    state.error === "unauthenticated" || state.error === "forbidden"
      ? t("unauthorized")
      : state.error === "stale_revision"
        ? t("errors.stale_revision")
        : state.error === "not_open" || state.error === "past" || state.error === "not_found"
          ? te("notEditable")
          : state.error === "following_failed"
            ? ts("following_failed", { date: state.occurrenceDate ?? "", reason: state.reason ? t(`errors.${state.reason}` as "errors.required", LIMIT_MESSAGE_VALUES) : "" })
            : t("errorSummary");
  return (
    <form key={round} action={action} className="max-w-2xl space-y-5" noValidate>
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="revision" value={v.revision} />
      {state.error ? <FormSummary outcome={state} tone="error" title={summary} errors={errorLinks} /> : null}
      <Field id="title" label={t("title")} hint={t("titleHint")} error={err("title")}>
        {(p) => <TextInput {...p} name="title" defaultValue={v.title} maxLength={MAX_TITLE_LENGTH} required />}
      </Field>
      <Field id="details" label={t("details")} error={err("details")}>
        {(p) => <textarea {...p} name="details" defaultValue={v.details} maxLength={MAX_DETAILS_LENGTH} rows={3} className={inputClass} />}
      </Field>
      <Field id="place" label={t("place")} error={err("place")}>
        {(p) => <TextInput {...p} name="place" defaultValue={v.place} maxLength={MAX_PLACE_LENGTH} autoComplete="street-address" />}
      </Field>
      <RequestTimeFields
        labels={{ startsAt: t("startsAt"), endsAt: t("endsAt"), hint: t("timeZoneHint", { tz: timeZone }) }}
        defaults={{ startsAt: v.startsAt, endsAt: v.endsAt }}
        errors={{ startsAt: err("startsAt"), endsAt: err("endsAt") }}
        durationMinutes={durationMinutes}
      />
      <Field id="helpersNeeded" label={t("helpersNeeded")} error={err("helpersNeeded")}>
        {(p) => <TextInput {...p} type="number" inputMode="numeric" min={1} max={MAX_HELPERS} name="helpersNeeded" defaultValue={v.helpersNeeded} required className={`${inputClass} max-w-32`} />}
      </Field>
      <BriefingFields values={v} error={err} />
      {series && series.following > 0 ? (
        <fieldset className="space-y-1" aria-describedby="scope-hint">
          <legend className="font-semibold">{ts("scopeLegend")}</legend>
          <p id="scope-hint" className="text-sm text-slate-700">
            {ts("scopeHint")}
          </p>
          {(["one", "following"] as const).map((scope) => (
            <label key={scope} className="flex min-h-11 items-center gap-3">
              <input type="radio" name="scope" value={scope} defaultChecked={(v.scope ?? "one") === scope} className="size-5" />
              {scope === "one" ? ts("scopeOne") : ts("scopeFollowing", { count: series.following })}
            </label>
          ))}
        </fieldset>
      ) : null}
      <Button type="submit" disabled={pending} className="w-full sm:w-auto">
        {pending ? te("saving") : te("submit")}
      </Button>
    </form>
  );
}
