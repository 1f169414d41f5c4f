import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import type { Locale } from "@/i18n/config";
import { DEFAULT_WAVE_INTERVAL_MINUTES } from "@/lib/requests/limits";
import { formatWhenShort } from "@/lib/requests/messages";
import type { WavePlan } from "@/lib/requests/waves";
import { WaveActions } from "./wave-actions";

/** The wave plan on the board: who was asked in which wave, when the next one goes out. */
export async function WavePlanCard({ plan, requestId, open, locale, timeZone }: { plan: WavePlan; requestId: string; open: boolean; locale: Locale; timeZone: string }) {
  const t = await getTranslations("timed.board");
  const tr = await getTranslations("requests");
  const when = (d: Date) => formatWhenShort(locale, timeZone, d);
  return (
    <section aria-labelledby="waves-title">
      <Card>
        <h2 id="waves-title" className="text-xl font-bold">
          {t("title")}
        </h2>
        <p>{t("summary", { size: plan.waveSize ?? 0, minutes: plan.intervalMinutes ?? DEFAULT_WAVE_INTERVAL_MINUTES, deadline: plan.deadline ? when(plan.deadline) : "-" })}</p>
        <p className="font-semibold" data-testid="next-wave">
          {plan.stopped ? t("stopped") : plan.nextWaveAt && open ? t("next", { when: when(plan.nextWaveAt) }) : t("noNext")}
        </p>
        <ol className="mt-2 space-y-2" data-testid="wave-list">
          {plan.waves.map((w) => (
            <li key={w.wave}>
              <span className="font-semibold">{t("wave", { wave: w.wave })}:</span>{" "}
              {w.names.map((n, i) => (
                <span key={i}>
                  {i > 0 ? ", " : ""}
                  {n.firstName} {n.lastName} ({tr(`board.personStatus.${n.status}` as "board.personStatus.pending")})
                </span>
              ))}
            </li>
          ))}
        </ol>
        {open && !plan.stopped && plan.nextWaveAt ? (
          <div className="mt-3">
            <WaveActions requestId={requestId} />
          </div>
        ) : null}
      </Card>
    </section>
  );
}
