"use client";

import { useActionState } from "react";
import { useTranslations } from "@/i18n/client";
import { Button } from "@/components/ui/button";
import { FormSummary } from "@/components/ui/form-summary";
import type { ChannelOrderView } from "@/lib/volunteers/channel-order";
import { channelOrderAction } from "./channel-order-actions";

/**
 * Which of the volunteer's phone channels (Telegram, WhatsApp, SMS) carries requests first; the
 * others step in when it is switched off. A plain form: works before JavaScript loads.
 */
export function ChannelOrder({ view }: { view: ChannelOrderView }) {
  const t = useTranslations("volunteers.channelOrder");
  const [state, save, saving] = useActionState(channelOrderAction, {});
  const saved = (state as { ok?: boolean }).ok === true;
  const invalid = (state as { ok?: boolean }).ok === false;
  return (
    <form action={save} className="space-y-3">
      {saved ? <FormSummary outcome={state} tone="success" title={t("saved")} /> : null}
      {invalid ? <FormSummary outcome={state} tone="error" title={t("invalid")} /> : null}
      <fieldset className="space-y-2">
        <legend className="font-semibold">{t("legend")}</legend>
        {view.usable.map((c) => (
          <label key={c} className="flex min-h-11 items-center gap-3 rounded-lg border border-slate-300 px-3 py-2">
            <input type="radio" name="first" value={c} defaultChecked={c === (view.usable.includes(view.first) ? view.first : view.usable[0])} className="size-5" />
            <span>{t(`channels.${c}`)}</span>
          </label>
        ))}
      </fieldset>
      <p className="text-sm text-slate-700">{t("hint")}</p>
      <Button type="submit" disabled={saving} className="w-full sm:w-auto">
        {t("save")}
      </Button>
    </form>
  );
}
