import { Link } from "#app/components/ui/link.tsx";
import type { KindEffect, SurpriseOutcome } from "#app/domain/advocacy.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { IntroCard } from "#app/components/ui/intro-card.tsx";

/**
 * Planned positive surprises that were recorded, and for each person their
 * last NPS and CSAT before it against the first after it; "not enough data"
 * until they answer again. Plans still open are only counted: they are no figure.
 */
export function SurpriseEffects({ accountId, planned, outcomes }: { accountId: string; planned: number; outcomes: SurpriseOutcome[] }) {
  const { t, date, number, signed } = useI18n();
  const line = (label: string, e: KindEffect) =>
    e.after === null ? null : (
      <span>
        {label} {e.before === null ? t("surprise.noBefore") : number(e.before)} → {number(e.after)}
        {e.change !== null ? ` (${signed(e.change)})` : ""}
      </span>
    );
  return (
    <IntroCard
      name="surprises"
      data-testid="surprise-effects"
      title={t("surprise.title")}
      aside={
        <Link to={`/accounts/${accountId}/plans`} className="text-sm text-brand-700 underline">
          {t("surprise.plan")}
        </Link>
      }
      intro={t("surprise.intro", { count: planned })}
    >
      {outcomes.length === 0 ? (
        <p className="text-sm text-slate-600">{t("surprise.none")}</p>
      ) : (
        <ul className="flex flex-col gap-3 text-sm">
          {outcomes.map((o) => (
            <li key={o.planId} className="border-t border-slate-200 pt-2">
              <Link to={`/accounts/${accountId}/touchpoints/${o.touchpointId}`} className="font-medium text-brand-700 underline">
                {o.title}
              </Link>{" "}
              <span className="text-slate-600">{date(o.occurredAt)}</span>
              <ul className="mt-1 flex flex-col gap-1">
                {o.people.map((p) => (
                  <li key={p.id} className="flex flex-wrap gap-x-3" data-testid="surprise-effect">
                    <span className="font-medium">{p.name}</span>
                    {p.effect.enoughData ? (
                      <>
                        {line(t("surprise.nps"), p.effect.nps)}
                        {line(t("surprise.csat"), p.effect.csat)}
                      </>
                    ) : (
                      <span className="text-slate-600">{t("surprise.notEnoughData")}</span>
                    )}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </IntroCard>
  );
}
