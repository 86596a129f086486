import { Link } from "#app/components/ui/link.tsx";
import { ReferenceReadiness } from "#app/components/advocacy.tsx";
import type { PersonAdvocacyRecord } from "#app/components/stakeholder-advocacy.tsx";
import { stanceTone } from "#app/components/committee-table.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { Fact } from "#app/components/ui/panel.tsx";
import type { Readiness } from "#app/domain/advocacy.ts";
import type { CommitteeRole, Stance } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { TitleRow } from "#app/routes/__account/page-heads.tsx";

export interface PersonFacts {
  name: string;
  title: string;
  email: string | null;
  phone: string | null;
  committee_role: string | null;
  influence: number;
  stance: string;
  left_on: string | null;
  reports_to_name: string | null;
  reports_to_left_on: string | null;
}

/**
 * The top of a person's page: who they are, the gap they leave if a key person
 * left, whom they report to and who reports to them, whether to ask them for a
 * reference, and whom they handed over to.
 */
export function PersonHeader({
  account,
  person: p,
  reports,
  leavesGap,
  advocacy,
  successor,
  canEdit,
}: {
  account: { id: string; name: string };
  person: PersonFacts;
  reports: { id: string; name: string; left_on: string | null }[];
  leavesGap: boolean;
  advocacy: ({ readiness: Readiness; latestNps: number | null; openSurprises: number } & PersonAdvocacyRecord) | null;
  successor: { id: string; name: string; on: string } | null;
  canEdit: boolean;
}) {
  const { t, date } = useI18n();
  const committee = `/accounts/${account.id}/committee`;
  return (
    <div>
      <TitleRow back={committee} backLabel={t("committeePage.title", { name: account.name })} title={p.name}>
        {p.committee_role ? <Badge tone="info">{t(`committeeRole.${p.committee_role as CommitteeRole}`)}</Badge> : null}
        <Badge tone={stanceTone[p.stance as Stance] ?? "neutral"}>{t(`stance.${p.stance as Stance}`)}</Badge>
        {p.left_on ? <Badge tone="warn">{t("committee.left", { date: date(p.left_on) })}</Badge> : null}
      </TitleRow>
      {p.title ? <p className="mt-1 text-slate-700">{p.title}</p> : null}
      {leavesGap ? (
        <p role="status" className="mt-3 max-w-3xl rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {t("stakeholder.keyPersonLeft", {
            name: p.name,
            role: t(`committeeRole.${p.committee_role as CommitteeRole}`).toLowerCase(),
          })}
        </p>
      ) : null}
      <dl className="mt-4 grid grid-cols-2 gap-4 rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200 md:grid-cols-4">
        <Fact label={t("stakeholder.email")} value={p.email || "—"} />
        <Fact label={t("stakeholder.phone")} value={p.phone || "—"} />
        <Fact label={t("committee.influence")} value={t("committee.influenceValue", { value: p.influence })} />
        <Fact
          label={t("committee.reportsTo")}
          value={
            p.reports_to_name
              ? p.reports_to_left_on
                ? `${p.reports_to_name} (${t("stakeholderForm.leftSuffix")})`
                : p.reports_to_name
              : "—"
          }
        />
        <div className="col-span-2 md:col-span-4">
          <dt className="text-slate-600">{t("stakeholder.reports")}</dt>
          <dd className="font-medium">
            {reports.length
              ? reports.map((r, i) => (
                  <span key={r.id}>
                    {i ? ", " : null}
                    <Link to={`${committee}/${r.id}`} className="text-brand-700 underline">
                      {r.name}
                    </Link>
                    {r.left_on ? ` (${t("stakeholderForm.leftSuffix")})` : null}
                  </span>
                ))
              : "—"}
          </dd>
        </div>
      </dl>
      {advocacy ? (
        <div className="mt-4">
          <ReferenceReadiness
            name={p.name}
            readiness={advocacy.readiness}
            latestNps={advocacy.latestNps}
            openSurprises={advocacy.openSurprises}
          />
        </div>
      ) : null}
      {successor ? (
        <p className="mt-3 max-w-3xl text-sm" data-testid="handed-over-to">
          {t("handover.handedOverTo", { date: date(successor.on) })}{" "}
          <Link to={`${committee}/${successor.id}`} className="text-brand-700 underline">
            {successor.name}
          </Link>
        </p>
      ) : null}
      {canEdit ? null : <p className="mt-3 rounded-md bg-slate-100 p-3 text-sm">{t("committeePage.readOnly")}</p>}
    </div>
  );
}
