import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { CommitteeTable, type CommitteeMemberRow } from "#app/components/committee-table.tsx";
import { OrgChart, type ChartNode } from "#app/components/org-chart.tsx";
import { ErrorList, FormAlert } from "#app/components/ui/field.tsx";
import { committeeGaps, type CommitteeGap } from "#app/domain/coverage.ts";
import { addMonthsToInstant } from "#app/domain/dates.ts";
import { buildOrgChart, type OrgNode } from "#app/domain/org-chart.ts";
import { canEditAccount, canViewAccount } from "#app/domain/permissions.ts";
import { COMMITTEE_ROLES, type CommitteeRole } from "#app/domain/vocabulary.ts";
import { formatters, type Locale } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { zodErrorMap } from "#app/i18n/validation.ts";
import { getAccount } from "#app/models/accounts.server.ts";
import { setStakeholderRole, StakeholderFieldError } from "#app/models/stakeholder-changes.server.ts";
import { listCommittee, type CommitteeMember } from "#app/models/stakeholders.server.ts";
import { loadScoringSettings } from "#app/models/scoring-settings.server.ts";
import { parseShowLeft, RoleForm, SHOW_LEFT_PARAM } from "#app/schemas/stakeholder.ts";
import { actionContext, requirePost } from "#app/utils/actions.server.ts";
import { forbidden, notFound, requireInternalUser } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { setFlash } from "#app/utils/flash.server.ts";
import { conflictReply, type ConflictInfo } from "#app/utils/forms.server.ts";
import { parseId } from "#app/utils/params.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Buying committee · ${data.account.name} · Kohtaamo` : "Buying committee · Kohtaamo" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  if (!canViewAccount(user)) throw await forbidden(request, user);
  const accountId = parseId(params.accountId);
  const showLeft = parseShowLeft(new URL(request.url).searchParams);
  const now = new Date();
  const [account, { settings }] = await Promise.all([getAccount(db(), accountId), loadScoringSettings(db())]);
  if (!account) notFound("No such account.");
  const members = await listCommittee(db(), accountId, { npsSince: addMonthsToInstant(now, -settings.npsMonths), now });
  const gaps = committeeGaps(
    members.map((m) => ({
      id: m.id,
      name: m.name,
      committeeRole: m.committee_role,
      active: m.left_on === null,
      leftOn: m.left_on,
      lastTwoWayContact: m.last_two_way_contact,
    })),
    { now, engagedDays: settings.coverageEngagedDays },
  );
  const shown = showLeft ? members : members.filter((m) => m.left_on === null);
  return {
    account: { id: account.id, name: account.name },
    members: shown.map(row),
    chart: buildOrgChart(members, { includeLeft: showLeft }).map(chartNode),
    gaps,
    showLeft,
    leftCount: members.length - members.filter((m) => m.left_on === null).length,
    npsMonths: settings.npsMonths,
    engagedDays: settings.coverageEngagedDays,
    canEdit: canEditAccount(user, account),
  };
}

function row(m: CommitteeMember) {
  return {
    id: m.id,
    name: m.name,
    title: m.title,
    committee_role: m.committee_role,
    influence: m.influence,
    stance: m.stance,
    reports_to_id: m.reports_to_id,
    left_on: m.left_on,
    version: m.version,
    last_two_way_contact: m.last_two_way_contact,
    nps_score: m.nps_score,
  };
}

function chartNode(node: OrgNode<CommitteeMember>): ChartNode {
  const p = node.person;
  return {
    id: p.id,
    name: p.name,
    title: p.title,
    committee_role: p.committee_role,
    influence: p.influence,
    stance: p.stance,
    left_on: p.left_on,
    managerLeft: node.managerLeft ? { id: node.managerLeft.id, name: node.managerLeft.name } : null,
    loopBroken: node.loopBroken,
    reports: node.reports.map(chartNode),
  };
}

// After a lost race (409) show the committee as it is now; the row keeps what was chosen.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;

/** The reply to one row's role form, matched to its person. */
interface RoleReply {
  stakeholderId: string;
  result: SubmissionResult<string[]>;
  conflict?: ConflictInfo;
}

/** The one-click role change (intent=role), from a row of the table. */
export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  if (formData.get("intent") !== "role") throw new Response("Bad request.", { status: 400 });
  const stakeholderId = parseId(String(formData.get("stakeholder_id") ?? ""));
  const submission = parseWithZod(formData, { schema: RoleForm, error: errorMap });
  if (submission.status !== "success") {
    return data({ role: { stakeholderId, result: submission.reply() } satisfies RoleReply }, { status: 400 });
  }
  let name: string;
  try {
    const saved = await db()
      .transaction()
      .execute((trx) => setStakeholderRole(trx, { actor: user, ip, t }, accountId, stakeholderId, submission.value));
    name = saved.name;
  } catch (error) {
    if (error instanceof ConflictError) {
      const reply = conflictReply(submission, locale, error, { committee_role: t("committee.role") });
      const changes = reply.conflict.changes.map((c) => ({
        ...c,
        value: roleLabel(locale, error.current.committee_role),
      }));
      return data(
        { role: { stakeholderId, result: reply.result, conflict: { ...reply.conflict, changes } } },
        { status: 409 },
      );
    }
    if (error instanceof StakeholderFieldError) {
      return data(
        { role: { stakeholderId, result: submission.reply({ fieldErrors: error.messages(t) }) } },
        { status: 400 },
      );
    }
    if (error instanceof ForbiddenError) throw await forbidden(request, user, error.message, accountId);
    if (error instanceof NotFoundError) throw new Response(error.message, { status: 404 });
    throw error;
  }
  const back = new URL(request.url);
  back.searchParams.delete("index");
  const search = back.searchParams.toString();
  return redirect(`/accounts/${accountId}/committee${search ? `?${search}` : ""}#person-${stakeholderId}`, {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t("committee.roleChanged", { name }) }) },
  });
}

function roleLabel(locale: Locale, role: unknown): string {
  const { t } = formatters(locale);
  return typeof role === "string" && role ? t(`committeeRole.${role as CommitteeRole}`) : t("committee.noRole");
}

export default function CommitteePage() {
  const { account, members, chart, gaps, showLeft, leftCount, npsMonths, engagedDays, canEdit } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { role?: RoleReply } | undefined;
  const { t } = useI18n();
  const base = `/accounts/${account.id}/committee`;
  const tab = "rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium";
  return (
    <div className="flex flex-col gap-8">
      <div>
        <Link to={`/accounts/${account.id}`} className="text-sm text-brand-700 underline">
          ← {t("committeePage.backTo", { name: account.name })}
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold">{t("committeePage.title", { name: account.name })}</h1>
          <div className="ml-auto flex flex-wrap gap-2">
            {leftCount || showLeft ? (
              <Link
                to={showLeft ? base : `${base}?${SHOW_LEFT_PARAM}=1`}
                className={tab}
                aria-pressed={showLeft}
                preventScrollReset
              >
                {showLeft ? t("committeePage.hideLeft") : t("committeePage.showLeft", { count: leftCount })}
              </Link>
            ) : null}
            {canEdit ? (
              <Link to={`${base}/new`} className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white">
                {t("committeePage.add")}
              </Link>
            ) : null}
          </div>
        </div>
        <p className="mt-1 text-slate-700">{t("committeePage.intro")}</p>
        {canEdit ? null : <p className="mt-2 rounded-md bg-slate-100 p-3 text-sm">{t("committeePage.readOnly")}</p>}
      </div>

      <Gaps gaps={gaps} engagedDays={engagedDays} base={base} />

      {members.length === 0 && chart.length === 0 ? (
        <p className="text-slate-700">{t("committeePage.empty")}</p>
      ) : (
        <>
          <section aria-labelledby="org-heading">
            <h2 id="org-heading" className="text-lg font-semibold">
              {t("committeePage.orgChart")}
            </h2>
            <p className="mb-3 text-sm text-slate-700">{t("committeePage.orgChartHelp")}</p>
            <OrgChart roots={chart as ChartNode[]} linkBase={base} />
          </section>

          <section aria-labelledby="people-heading">
            <h2 id="people-heading" className="text-lg font-semibold">
              {t("committeePage.people")}
            </h2>
            <CommitteeTable
              members={members}
              npsMonths={npsMonths}
              linkBase={base}
              roleCell={
                canEdit
                  ? (m) =>
                      m.left_on ? (
                        m.committee_role ? (
                          t(`committeeRole.${m.committee_role as CommitteeRole}`)
                        ) : (
                          t("committee.noRole")
                        )
                      ) : (
                        <RoleControl
                          member={m as CommitteeMemberRow & { version: number }}
                          reply={actionData?.role?.stakeholderId === m.id ? actionData.role : undefined}
                        />
                      )
                  : undefined
              }
            />
          </section>
        </>
      )}
    </div>
  );
}

function Gaps({ gaps, engagedDays, base }: { gaps: CommitteeGap[]; engagedDays: number; base: string }) {
  const { t, date } = useI18n();
  return (
    <section
      aria-labelledby="gaps-heading"
      className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
      data-testid="committee-gaps"
    >
      <h2 id="gaps-heading" className="text-lg font-semibold">
        {t("committeePage.gaps")}
      </h2>
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
    </section>
  );
}

/**
 * A person's role: choose and set. A plain form without JavaScript (the page
 * reloads); with it, a fetcher (the page stays where it is).
 */
function RoleControl({
  member,
  reply,
}: {
  member: CommitteeMemberRow & { version: number };
  reply?: RoleReply | undefined;
}) {
  const { t } = useI18n();
  const fetcher = useFetcher<typeof action>();
  const fetched = (fetcher.data as { role?: RoleReply } | undefined)?.role;
  const latest = fetched ?? reply;
  const [form, fields] = useForm({
    id: `role-${member.id}`,
    lastResult: latest?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RoleForm, error: zodErrorMap(t) }),
  });
  const pending = fetcher.state !== "idle";
  const selectId = `role-${member.id}-select`;
  return (
    <fetcher.Form method="post" {...getFormProps(form)} className="flex min-w-48 flex-col gap-1">
      <input type="hidden" name="intent" value="role" />
      <input type="hidden" name="stakeholder_id" value={member.id} />
      <input type="hidden" name="version" value={latest?.conflict?.version ?? member.version} />
      <FormAlert
        id={form.errorId}
        errors={form.errors}
        details={latest?.conflict?.changes.map((c) => t("form.conflictField", { field: c.field, value: c.value }))}
      />
      <div className="flex items-center gap-2">
        <label htmlFor={selectId} className="sr-only">
          {t("committee.roleFor", { name: member.name })}
        </label>
        <select
          id={selectId}
          name="committee_role"
          // A new key when the saved role or version changes, so the select shows what is saved.
          key={`${member.committee_role ?? ""}:${member.version}:${latest?.conflict ? "conflict" : ""}`}
          // After a lost race the choice stays, next to what the other person saved.
          defaultValue={
            latest?.conflict ? String(latest.result.initialValue?.committee_role ?? "") : (member.committee_role ?? "")
          }
          aria-invalid={fields.committee_role.errors ? true : undefined}
          aria-describedby={fields.committee_role.errors ? fields.committee_role.errorId : undefined}
          className="rounded-md border border-slate-400 bg-white px-2 py-1 text-sm"
        >
          <option value="">{t("committee.noRole")}</option>
          {COMMITTEE_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`committeeRole.${r}`)}
            </option>
          ))}
        </select>
        <button
          type="submit"
          disabled={pending}
          aria-busy={pending || undefined}
          className="rounded-md border border-slate-500 bg-white px-2 py-1 text-sm font-medium"
        >
          {pending ? t("form.saving") : t("committee.setRole")}
          <span className="sr-only">: {t("committee.roleFor", { name: member.name })}</span>
        </button>
      </div>
      <ErrorList id={fields.committee_role.errorId} errors={fields.committee_role.errors} />
    </fetcher.Form>
  );
}
