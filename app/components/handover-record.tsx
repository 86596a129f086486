import { Link } from "#app/components/ui/link.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import type { CommitteeRole, DeliveryOutcome } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { PredecessorRecord } from "#app/domain/handover.ts";

interface PredecessorView {
  id: string;
  name: string;
  committee_role: string | null;
  handed_over_on: string;
  record: PredecessorRecord;
  promises: { id: string; title: string; status: string; outcome: string | null; due_date: string; surprise: boolean; handedOver: boolean }[];
  firstMeetingPending: boolean;
}

/**
 * On a successor's page: whom they took over from, what was promised to that
 * person and how it went, and — until it is had — the first meeting with the
 * successor as a moment of truth.
 */
export function HandoverRecord({
  accountId,
  successor,
  predecessor: pre,
  canEdit,
}: {
  accountId: string;
  successor: { id: string; name: string };
  predecessor: PredecessorView;
  canEdit: boolean;
}) {
  const { t, date } = useI18n();
  const r = pre.record;
  return (
    <section className="max-w-3xl rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="handover-record" aria-labelledby={`took-over-${pre.id}`}>
      <h2 id={`took-over-${pre.id}`} className="text-lg font-semibold">
        {t("handover.tookOverFrom")}{" "}
        <Link to={`/accounts/${accountId}/committee/${pre.id}`} className="text-brand-700 underline">
          {pre.name}
        </Link>
        {pre.committee_role ? ` (${t(`committeeRole.${pre.committee_role as CommitteeRole}`).toLowerCase()})` : null}
      </h2>
      <p className="mt-1 text-sm text-slate-700">{t("handover.on", { date: date(pre.handed_over_on) })}</p>
      {pre.firstMeetingPending ? (
        <p role="status" className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-slate-900" data-testid="first-meeting-prompt">
          {t("handover.firstMeetingPrompt", { name: successor.name })}{" "}
          {canEdit ? (
            <Link to={`/accounts/${accountId}/touchpoints/new?with=${successor.id}&moment=1`} className="font-medium text-brand-700 underline">
              {t("handover.logFirstMeeting")}
            </Link>
          ) : null}
        </p>
      ) : null}
      <p className="mt-3 text-sm" data-testid="predecessor-record">
        {r.promised === 0
          ? t("handover.recordNone", { name: pre.name })
          : t("handover.record", {
              name: pre.name,
              promised: r.promised,
              kept: r.kept,
              notKept: r.notKept,
              surprises: r.surprises,
              moved: r.handedOver,
            })}
      </p>
      {pre.promises.length ? (
        <ul className="mt-3 flex flex-col gap-2 text-sm">
          {pre.promises.map((e) => (
            <li key={e.id} className="flex flex-wrap items-center gap-2">
              <Link to={`/accounts/${accountId}/expectations/${e.id}`} className="text-brand-700 underline">
                {e.title}
              </Link>
              <span className="text-slate-600">{date(e.due_date)}</span>
              {e.status === "resolved" && e.outcome ? (
                <Badge tone={e.outcome === "kept" || e.outcome === "exceeded" ? "good" : "warn"}>{t(`expOutcome.${e.outcome as DeliveryOutcome}`)}</Badge>
              ) : (
                <Badge tone="neutral">{t(e.status === "declined" ? "expStatus.declined" : e.status === "proposed" ? "expStatus.proposed" : "expStatus.open")}</Badge>
              )}
              {e.surprise ? <Badge tone="bad">{t("handover.surprise")}</Badge> : null}
              {e.handedOver ? <Badge tone="info">{t("handover.moved", { name: successor.name })}</Badge> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
