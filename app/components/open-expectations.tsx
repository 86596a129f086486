import { Link } from "#app/components/ui/link.tsx";
import { DueDate, ExpectationBadge } from "#app/components/expectation-badge.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { Card, CardTitle } from "#app/components/ui/panel.tsx";

/** What the account page sends: the most pressing open expectations and the counts of all. */
export interface OpenExpectationsData {
  items: {
    id: string;
    title: string;
    importance: number;
    status: string;
    outcome: string | null;
    original_due_date: string;
    due_date: string;
    holder_name: string | null;
  }[];
  counts: { open: number; overdue: number; due_soon: number };
  dueSoonDays: number;
}

/**
 * The account's open expectations on its page: how many are open, overdue and
 * due soon, and the most pressing few (overdue first, then due soon, then
 * later) with due date, holder, importance and status; the full ledger a click away.
 */
export function OpenExpectations({ accountId, data, today }: { accountId: string; data: OpenExpectationsData; today: string }) {
  const { t } = useI18n();
  const { items, counts } = data;
  return (
    <Card name="open-expectations" id="open-expectations" data-testid="open-expectations">
      <div className="flex flex-wrap items-baseline gap-3">
        <CardTitle name="open-expectations">{t("accountLedger.title")}</CardTitle>
        <p className="text-sm text-slate-700" data-testid="open-expectations-counts">
          {t("accountLedger.counts", { open: counts.open, overdue: counts.overdue, dueSoon: counts.due_soon, days: data.dueSoonDays })}
        </p>
        <Link to={`/accounts/${accountId}/expectations`} className="ml-auto text-sm text-brand-700 underline">
          {t("accountLedger.all")}
        </Link>
      </div>
      {items.length ? (
        <div className="mt-2 overflow-x-auto">
          <table className="min-w-full text-sm">
            <thead className="text-left text-slate-600">
              <tr>
                <th scope="col" className="py-1.5 pr-3 font-medium">{t("ledger.col.title")}</th>
                <th scope="col" className="py-1.5 pr-3 font-medium">{t("ledger.col.due")}</th>
                <th scope="col" className="py-1.5 pr-3 font-medium">{t("ledger.col.holder")}</th>
                <th scope="col" className="py-1.5 pr-3 font-medium">{t("ledger.col.importance")}</th>
                <th scope="col" className="py-1.5 font-medium">{t("ledger.col.status")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((e) => (
                <tr key={e.id} data-testid="open-expectation">
                  <td className="py-1.5 pr-3">
                    <Link to={`/accounts/${accountId}/expectations/${e.id}`} className="font-medium text-brand-700 underline">
                      {e.title}
                    </Link>
                  </td>
                  <td className="py-1.5 pr-3 whitespace-nowrap">
                    <DueDate e={e} />
                  </td>
                  <td className="py-1.5 pr-3">{e.holder_name ?? "—"}</td>
                  <td className="py-1.5 pr-3 whitespace-nowrap">{t(`expImportance.${e.importance as 1 | 2 | 3}`)}</td>
                  <td className="py-1.5 whitespace-nowrap">
                    <ExpectationBadge expectation={e} today={today} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {counts.open > items.length ? (
            <p className="mt-1 text-xs text-slate-600">{t("accountLedger.more", { shown: items.length, open: counts.open })}</p>
          ) : null}
        </div>
      ) : (
        <p className="mt-2 text-sm text-slate-700">{t("accountLedger.none")}</p>
      )}
    </Card>
  );
}
