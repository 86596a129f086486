import { Link } from "#app/components/ui/link.tsx";
import { Check, CircleSlash, Sparkles, Star, ThumbsDown, ThumbsUp } from "lucide-react";
import type { ReactNode } from "react";
import type { DateWindow } from "#app/domain/dates.ts";
import {
  EXPERIENCE_PERIODS,
  QUADRANTS,
  type ExperiencePeriod,
  type FollowedCsat,
  type FollowedNps,
  type MomentsResult,
  type Quadrant,
  type QuadrantResult,
} from "#app/domain/experience.ts";
import type { TouchpointKind } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { IntroCard } from "./ui/intro-card.tsx";

// The experience pictures: the four cells of treated well/badly × resolved/not
// and the moments-of-truth table. Every figure is written out in words and
// numbers; bars only repeat them (badly treated cells are hatched, so the two
// rows differ without colour). No JavaScript: the period is a set of links.

/** The period chooser: plain links that keep the rest of the URL. */
export function PeriodNav({ months, window, hrefFor }: { months: ExperiencePeriod; window: DateWindow; hrefFor: (m: ExperiencePeriod) => string }) {
  const { t, date } = useI18n();
  return (
    <div className="flex flex-col gap-1">
      <nav aria-label={t("experience.period")} className="flex flex-wrap gap-1 text-sm" data-testid="experience-period">
        {EXPERIENCE_PERIODS.map((m) => (
          <Link
            key={m}
            to={hrefFor(m)}
            preventScrollReset
            aria-current={m === months ? "page" : undefined}
            className={`rounded-md border px-2.5 py-1 ${m === months ? "border-brand-700 bg-brand-700 text-white" : "border-slate-400 bg-white"}`}
          >
            {t("experience.months", { n: m })}
          </Link>
        ))}
      </nav>
      <p className="text-xs text-slate-600">{t("experience.range", { from: date(window.from), to: date(window.to) })}</p>
    </div>
  );
}

const HATCH = "repeating-linear-gradient(135deg, currentColor 0 3px, transparent 3px 6px)";

/** A followed score with how many answers it rests on, or, with fewer than `min`, that there are too few. */
function Figure({ answers, min, children }: { answers: number; min: number; children: ReactNode }) {
  const { t } = useI18n();
  if (children === null)
    return (
      <>
        <span className="font-medium">{t("experience.notEnough")}</span>{" "}
        <span className="text-xs text-slate-600">({t("experience.notEnoughHint", { n: answers, min })})</span>
      </>
    );
  return (
    <>
      {children}{" "}
      <span className="text-xs text-slate-600">({t("experience.answers", { n: answers })})</span>
    </>
  );
}

function NpsFigure({ nps, min }: { nps: FollowedNps; min: number }) {
  const f = useI18n();
  return (
    <Figure answers={nps.answers} min={min}>
      {nps.score === null ? null : <span className="text-lg font-bold">{f.signed(nps.score)}</span>}
    </Figure>
  );
}

function CsatFigure({ csat, min }: { csat: FollowedCsat; min: number }) {
  const f = useI18n();
  return (
    <Figure answers={csat.answers} min={min}>
      {csat.mean === null ? null : (
        <>
          <span className="text-lg font-bold">{f.number(csat.mean, 1)}</span>
          <span className="text-sm">/5</span>
        </>
      )}
    </Figure>
  );
}

/** A score that followed a cell's touchpoints, under its name. */
function CellFigure({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

const CELL_ICON: Record<Quadrant, [typeof ThumbsUp, typeof Check]> = {
  well_resolved: [ThumbsUp, Check],
  well_unresolved: [ThumbsUp, CircleSlash],
  badly_resolved: [ThumbsDown, Check],
  badly_unresolved: [ThumbsDown, CircleSlash],
};

/**
 * The four cells, row by row (treated well, then badly; resolved, then not).
 * Each cell names itself in full, so on a phone the stacked cells read alone;
 * from `sm` up the column and row headings frame the 2 × 2.
 */
export function QuadrantGrid({ result, cellHref }: { result: QuadrantResult; cellHref: (q: Quadrant) => string }) {
  const f = useI18n();
  const { t } = f;
  return (
    <div data-testid="experience-quadrants">
      <div aria-hidden="true" className="mb-1 hidden grid-cols-[8rem_1fr_1fr] gap-3 text-sm font-semibold text-slate-700 sm:grid">
        <span />
        <span>
          {t("experience.resolved")}
        </span>
        <span>
          {t("experience.unresolved")} <span className="font-normal text-slate-600">({t("experience.unresolvedHint")})</span>
        </span>
      </div>
      <div className="grid gap-3 sm:grid-cols-[8rem_1fr_1fr]">
        {(["well", "badly"] as const).map((row) => (
          <RowCells key={row} row={row} result={result} cellHref={cellHref} />
        ))}
      </div>
      {result.classified === 0 ? <p className="mt-3 text-sm text-slate-700">{t("experience.empty")}</p> : null}
      <p className="mt-3 text-sm text-slate-700" data-testid="experience-left-out">
        {t("experience.leftOut", {
          neither: result.leftOut.treatedNeither,
          noResolution: result.leftOut.noResolution,
          noTreatment: result.leftOut.noTreatment,
        })}
      </p>
      <p className="mt-1 text-xs text-slate-600">{t("experience.followRule", { days: result.followDays, min: result.minAnswers })}</p>
    </div>
  );
}

function RowCells({ row, result, cellHref }: { row: "well" | "badly"; result: QuadrantResult; cellHref: (q: Quadrant) => string }) {
  const f = useI18n();
  const { t } = f;
  const cells = QUADRANTS.filter((q) => q.startsWith(`${row}_`));
  return (
    <>
      <div aria-hidden="true" className="hidden self-center text-sm font-semibold text-slate-700 sm:block">
        {t(row === "well" ? "experience.treatedWell" : "experience.treatedBadly")}
        <span className="block text-xs font-normal text-slate-600">
          {t(row === "well" ? "experience.treatedWellHint" : "experience.treatedBadlyHint")}
        </span>
      </div>
      {cells.map((q) => {
        const cell = result.cells[q];
        const share = result.classified > 0 ? cell.touchpoints / result.classified : null;
        const [TreatIcon, ResolveIcon] = CELL_ICON[q];
        return (
          <section
            key={q}
            aria-labelledby={`cell-${q}`}
            className="rounded-lg border border-slate-300 bg-white p-3"
            data-testid={`cell-${q}`}
          >
            <h3 id={`cell-${q}`} className="flex items-center gap-1.5 text-sm font-semibold">
              <TreatIcon aria-hidden="true" className="h-4 w-4" />
              <ResolveIcon aria-hidden="true" className="h-4 w-4" />
              {t(`experience.cell.${q}`)}
            </h3>
            <p className="mt-1">
              {cell.touchpoints > 0 ? (
                <Link to={cellHref(q)} className="font-semibold text-brand-700 underline" data-testid={`cell-${q}-link`}>
                  {t("experience.touchpoints", { n: cell.touchpoints })}
                </Link>
              ) : (
                <span className="text-slate-700">{t("experience.touchpoints", { n: 0 })}</span>
              )}
            </p>
            {share !== null ? (
              <div className="mt-1">
                <div className="h-2.5 w-full rounded bg-slate-100 ring-1 ring-inset ring-slate-300" aria-hidden="true">
                  <div
                    className={`h-2.5 rounded ${row === "well" ? "bg-brand-700" : "text-red-800"}`}
                    style={{ width: `calc(${share} * 100%)`, ...(row === "badly" ? { backgroundImage: HATCH } : {}) }}
                  />
                </div>
                <p className="text-xs text-slate-600">{t("experience.share", { pct: f.percent(share) })}</p>
              </div>
            ) : null}
            <dl className="mt-2 grid grid-cols-1 gap-1 text-sm">
              <CellFigure label={t("experience.npsAfter")} testId={`cell-${q}-nps`}>
                <NpsFigure nps={cell.nps} min={result.minAnswers} />
              </CellFigure>
              <CellFigure label={t("experience.csatAfter")} testId={`cell-${q}-csat`}>
                <CsatFigure csat={cell.csat} min={result.minAnswers} />
              </CellFigure>
            </dl>
          </section>
        );
      })}
    </>
  );
}

/** The moments-of-truth card: its title, a line saying what it counts, and the table. */
export function MomentsSection({ intro, ...table }: Parameters<typeof MomentsTable>[0] & { intro: string }) {
  const { t } = useI18n();
  return (
    <IntroCard name="moments" title={t("moments.title")} intro={intro}>
      <MomentsTable {...table} />
    </IntroCard>
  );
}

/**
 * Moments of truth per kind: a real table (so it reads cell by cell with a
 * screen reader and without colour), most moments first. `kindHref` links a
 * kind's moments to the touchpoints behind them.
 */
function MomentsTable({
  result,
  kindHref,
  summaryLinks,
}: {
  result: MomentsResult;
  kindHref: (kind: string) => string;
  summaryLinks?: { truth: string; surprise: string };
}) {
  const f = useI18n();
  const { t } = f;
  if (result.touchpoints === 0) return <p className="text-sm text-slate-700">{t("moments.none")}</p>;
  const th = "px-2 py-1.5 text-left text-xs font-semibold text-slate-700";
  const td = "px-2 py-1.5 text-sm tabular-nums";
  return (
    <div data-testid="moments">
      <p className="text-sm" data-testid="moments-summary">
        {t("moments.summary", { moments: result.momentsOfTruth, surprises: result.positiveSurprises, n: result.touchpoints })}
      </p>
      {summaryLinks ? (
        <p className="mt-1 flex flex-wrap gap-4 text-sm">
          <Link to={summaryLinks.truth} className="inline-flex items-center gap-1 text-brand-700 underline">
            <Star aria-hidden="true" className="h-4 w-4" />
            {t("moments.showTruth")}
          </Link>
          <Link to={summaryLinks.surprise} className="inline-flex items-center gap-1 text-brand-700 underline">
            <Sparkles aria-hidden="true" className="h-4 w-4" />
            {t("moments.showSurprises")}
          </Link>
        </p>
      ) : null}
      <div className="mt-2 overflow-x-auto" tabIndex={0} role="region" aria-label={t("moments.caption")}>
        <table className="w-full min-w-[40rem] border-collapse" data-testid="moments-table">
          <caption className="sr-only">{t("moments.caption")}</caption>
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className={th}>{t("moments.kind")}</th>
              <th scope="col" className={th}>{t("moments.touchpoints")}</th>
              <th scope="col" className={th}>{t("moments.moments")}</th>
              <th scope="col" className={th}>{t("moments.share")}</th>
              <th scope="col" className={th}>{t("moments.wentBadly")}</th>
              <th scope="col" className={th}>{t("moments.treatedWell")} / {t("moments.treatedBadly")}</th>
              <th scope="col" className={th}>{t("moments.resolved")} / {t("moments.unresolved")}</th>
              <th scope="col" className={th}>{t("moments.surprises")}</th>
            </tr>
          </thead>
          <tbody>
            {result.byKind.map((k) => {
              const share = k.touchpoints > 0 ? k.momentsOfTruth / k.touchpoints : null;
              const badShare = k.momentsOfTruth > 0 ? k.wentBadly / k.momentsOfTruth : null;
              return (
                <tr key={k.kind} className="border-b border-slate-200" data-testid={`moments-${k.kind}`}>
                  <th scope="row" className="px-2 py-1.5 text-left text-sm font-medium">
                    {t(`kind.${k.kind as TouchpointKind}`)}
                  </th>
                  <td className={td}>{k.touchpoints}</td>
                  <td className={td}>
                    {k.momentsOfTruth > 0 ? (
                      <Link to={kindHref(k.kind)} className="text-brand-700 underline">
                        {k.momentsOfTruth}
                      </Link>
                    ) : (
                      0
                    )}
                  </td>
                  <td className={td}>
                    <ShareBar share={share} hatched={false} label={f.percent(share)} />
                  </td>
                  <td className={td}>
                    {k.momentsOfTruth > 0 ? (
                      <ShareBar share={badShare} hatched label={`${k.wentBadly} (${f.percent(badShare)})`} />
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className={td}>
                    {k.treatedWell} / {k.treatedBadly}
                  </td>
                  <td className={td}>
                    {k.resolved} / {k.unresolved}
                  </td>
                  <td className={td}>{k.positiveSurprises}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="mt-1 text-xs text-slate-600">{t("moments.wentBadlyHint")}</p>
    </div>
  );
}

function ShareBar({ share, hatched, label }: { share: number | null; hatched: boolean; label: string }) {
  return (
    <span className="flex items-center gap-2">
      <span className="inline-block h-2 w-12 shrink-0 rounded bg-slate-100 ring-1 ring-inset ring-slate-300" aria-hidden="true">
        <span
          className={`block h-2 rounded ${hatched ? "text-red-800" : "bg-brand-700"}`}
          style={{ width: `calc(${share ?? 0} * 100%)`, ...(hatched ? { backgroundImage: HATCH } : {}) }}
        />
      </span>
      <span>{label}</span>
    </span>
  );
}
