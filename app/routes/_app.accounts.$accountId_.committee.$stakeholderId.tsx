import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { revalidateAfterConflict } from "#app/web/revalidate.ts";
import { HandoverRecord } from "#app/components/handover-record.tsx";
import { HolderRecordPanel } from "#app/components/holder-record-panel.tsx";
import { StakeholderAdvocacy } from "#app/components/stakeholder-advocacy.tsx";
import { reportsBelow } from "#app/domain/org-chart.ts";
import { canEditAccount } from "#app/domain/permissions.ts";
import { calendarDate } from "#app/domain/time.ts";
import { KEY_PERSON_ROLES } from "#app/domain/vocabulary.ts";
import { recordMeta } from "#app/i18n/meta.ts";
import { getAccount } from "#app/models/accounts.server.ts";
import { personAdvocacy } from "#app/models/advocacy.server.ts";
import { countOpenHeld, handoverView } from "#app/models/handover.server.ts";
import { loadPersonRecord } from "#app/models/holder-record.server.ts";
import { getStakeholder, listReportingLinks } from "#app/models/stakeholders.server.ts";
import { personAction } from "#app/routes/__committee/person-action.server.ts";
import { PersonForms, type PersonActionData } from "#app/routes/__committee/person-forms.tsx";
import { PersonHeader } from "#app/routes/__committee/person-header.tsx";
import type { StakeholderFormValues } from "#app/schemas/stakeholder.ts";
import { db } from "#app/utils/db.server.ts";
import { notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { parseId } from "#app/web/params.ts";

export const meta: MetaFunction<typeof loader> = recordMeta("title.person", (data) => [
  data.person.name,
  data.account.name,
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const stakeholderId = parseId(params.stakeholderId);
  const today = calendarDate();
  const [account, person, links, handover, openHeld, advocacy, record] = await Promise.all([
    getAccount(db(), accountId),
    getStakeholder(db(), accountId, stakeholderId),
    listReportingLinks(db(), accountId),
    handoverView(db(), accountId, stakeholderId),
    countOpenHeld(db(), accountId, stakeholderId),
    personAdvocacy(db(), accountId, stakeholderId),
    loadPersonRecord(db(), accountId, stakeholderId, { today }),
  ]);
  if (!account || !person) notFound("error.noPerson");
  const canEdit = canEditAccount(user, account);
  // Whom they may report to: people still there, never anyone below them; their current manager may stay.
  const below = reportsBelow(links, person.id);
  const managers = canEdit
    ? links
        .filter((l) => l.id !== person.id && !below.has(l.id) && (l.left_on === null || l.id === person.reports_to_id))
        .map((l) => ({ id: l.id, name: l.name, left_on: l.left_on }))
    : [];
  const defaults: StakeholderFormValues = {
    name: person.name,
    title: person.title,
    email: person.email ?? "",
    phone: person.phone ?? "",
    committee_role: person.committee_role ?? "",
    influence: String(person.influence),
    stance: person.stance,
    reports_to_id: person.reports_to_id ?? "",
    version: person.version,
  };
  // A decision maker or champion who left with nobody active in the role: the gap they leave.
  const keyRole = (KEY_PERSON_ROLES as readonly (string | null)[]).includes(person.committee_role);
  const successor = links.some(
    (l) => l.id !== person.id && l.left_on === null && l.committee_role === person.committee_role,
  );
  return {
    account: { id: account.id, name: account.name },
    person,
    reports: links
      .filter((l) => l.reports_to_id === person.id)
      .map((l) => ({ id: l.id, name: l.name, left_on: l.left_on })),
    leavesGap: Boolean(person.left_on && keyRole && !successor),
    handover,
    openHeld,
    advocacy,
    record,
    // Who may take over from someone who left: the account's present people.
    successors:
      canEdit && person.left_on && !handover.successor
        ? links.filter((l) => l.id !== person.id && l.left_on === null).map((l) => ({ id: l.id, name: l.name }))
        : [],
    canEdit,
    managers,
    defaults,
    today,
  };
}

// After a lost race (409) show the person as they are now; the forms keep what was typed.
export const shouldRevalidate = revalidateAfterConflict;

export function action({ request, params }: ActionFunctionArgs) {
  return personAction(request, params);
}

export default function StakeholderPage() {
  const {
    account,
    person: p,
    reports,
    leavesGap,
    handover,
    openHeld,
    advocacy,
    successors,
    canEdit,
    managers,
    defaults,
    today,
    record,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as PersonActionData | undefined;
  return (
    <div className="flex flex-col gap-8">
      <PersonHeader
        account={account}
        person={p}
        reports={reports}
        leavesGap={leavesGap}
        advocacy={advocacy}
        successor={handover.successor}
        canEdit={canEdit}
      />

      {advocacy ? <StakeholderAdvocacy accountId={account.id} name={p.name} record={advocacy} /> : null}

      {record ? <HolderRecordPanel accountId={account.id} name={p.name} record={record} /> : null}

      {handover.predecessors.map((pre) => (
        <HandoverRecord
          key={pre.id}
          accountId={account.id}
          successor={{ id: p.id, name: p.name }}
          predecessor={pre}
          canEdit={canEdit}
        />
      ))}

      <PersonForms
        person={p}
        handedOver={Boolean(handover.successor)}
        canEdit={canEdit}
        openHeld={openHeld}
        successors={successors}
        today={today}
        defaults={defaults}
        managers={managers}
        actionData={actionData}
        cancelTo={`/accounts/${account.id}/committee`}
      />
    </div>
  );
}
