import { Link } from "#app/components/ui/link.tsx";
import type { CommitteeGap } from "#app/domain/coverage.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { Card } from "#app/components/ui/panel.tsx";

/**
 * Key committee roles nobody covers: vacant, held by people we have not talked
 * with lately, or left by a decision maker or champion with no successor (the
 * gap a departure leaves, named with the person and the day).
 */
export function CommitteeGaps({
  gaps,
  engagedDays,
  base,
  level = 2,
}: {
  gaps: CommitteeGap[];
  engagedDays: number;
  base: string;
  level?: 2 | 3;
}) {
  const { t, date } = useI18n();
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <Card name="gaps" data-testid="committee-gaps">
      <Heading id="gaps-heading" className="text-lg font-semibold">
        {t("committeePage.gaps")}
      </Heading>
      {gaps.length === 0 ? (
        <p className="mt-1 text-sm text-slate-700">{t("committeePage.noGaps", { days: engagedDays })}</p>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-700">{t("committeePage.gapsHelp", { days: engagedDays })}</p>
          <ul className="mt-3 flex flex-col gap-2">
            {gaps.map((gap) => (
              <li
                key={gap.role}
                data-role={gap.role}
                className={`rounded-md p-2 text-sm ${
                  gap.leftWithoutSuccessor
                    ? "border border-red-300 bg-red-50 text-red-900"
                    : "bg-amber-50 text-amber-950"
                }`}
              >
                <span className="font-semibold">{t(`committeeRole.${gap.role}`)}:</span>{" "}
                {gap.leftWithoutSuccessor ? (
                  <>
                    <Link to={`${base}/${gap.leftWithoutSuccessor.id}`} className="underline">
                      {t("committeePage.gap.left", {
                        name: gap.leftWithoutSuccessor.name,
                        date: date(gap.leftWithoutSuccessor.leftOn),
                      })}
                    </Link>
                  </>
                ) : gap.kind === "vacant" ? (
                  t("committeePage.gap.vacant")
                ) : (
                  t("committeePage.gap.unengaged", {
                    days: engagedDays,
                    names: gap.holders.map((h) => h.name).join(", "),
                  })
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
