import { Badge } from "#app/components/ui/badge.tsx";
import type { CommitteeRole, Stance } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

interface Member {
  id: string;
  name: string;
  title: string;
  committee_role: string | null;
  influence: number;
  stance: string;
  reports_to_id: string | null;
  left_on: string | null;
}

const stanceTone: Record<Stance, "good" | "neutral" | "warn" | "bad"> = {
  advocate: "good",
  supporter: "good",
  neutral: "neutral",
  skeptic: "warn",
  opponent: "bad",
};

export function CommitteeTable({ members }: { members: Member[] }) {
  const { t, date } = useI18n();
  const names = new Map(members.map((m) => [m.id, m.name]));
  return (
    <div className="mt-2 overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full text-sm" data-testid="committee-table">
        <thead className="bg-slate-100 text-left">
          <tr>
            <th scope="col" className="px-3 py-2">{t("committee.name")}</th>
            <th scope="col" className="px-3 py-2">{t("committee.role")}</th>
            <th scope="col" className="px-3 py-2">{t("committee.influence")}</th>
            <th scope="col" className="px-3 py-2">{t("committee.stance")}</th>
            <th scope="col" className="px-3 py-2">{t("committee.reportsTo")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {members.map((m) => (
            <tr key={m.id} className={m.left_on ? "text-slate-500" : undefined}>
              <td className="px-3 py-2">
                <div className="font-medium">{m.name}</div>
                <div className="text-xs text-slate-600">{m.title}</div>
                {m.left_on ? <Badge tone="warn">{t("committee.left", { date: date(m.left_on) })}</Badge> : null}
              </td>
              <td className="px-3 py-2">
                {m.committee_role ? t(`committeeRole.${m.committee_role as CommitteeRole}`) : t("committee.noRole")}
              </td>
              <td className="px-3 py-2">
                <span aria-label={`${m.influence} / 5`}>{"●".repeat(m.influence)}{"○".repeat(5 - m.influence)}</span>
              </td>
              <td className="px-3 py-2">
                <Badge tone={stanceTone[m.stance as Stance] ?? "neutral"}>{t(`stance.${m.stance as Stance}`)}</Badge>
              </td>
              <td className="px-3 py-2">{m.reports_to_id ? names.get(m.reports_to_id) ?? "—" : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
