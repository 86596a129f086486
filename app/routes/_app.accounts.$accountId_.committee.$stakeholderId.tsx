import { getInputProps, getSelectProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { stanceTone } from "#app/components/committee-table.tsx";
import { StakeholderForm } from "#app/components/stakeholder-form.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { ErrorList, Field, FormAlert, SelectField, TextareaField } from "#app/components/ui/field.tsx";
import { HandoverRecord } from "#app/components/handover-record.tsx";
import { addDays } from "#app/domain/dates.ts";
import { reportsBelow } from "#app/domain/org-chart.ts";
import { canEditAccount } from "#app/domain/permissions.ts";
import { KEY_PERSON_ROLES, type CommitteeRole, type Stance } from "#app/domain/vocabulary.ts";
import { calendarDate } from "#app/domain/time.ts";
import { formatters, type MessageKey, type Translate } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { getAccount } from "#app/models/accounts.server.ts";
import { countOpenHeld, handoverView } from "#app/models/handover.server.ts";
import { personAdvocacy } from "#app/models/advocacy.server.ts";
import { ReferenceReadiness } from "#app/components/advocacy.tsx";
import { StakeholderAdvocacy } from "#app/components/stakeholder-advocacy.tsx";
import {
  handOverToSuccessor,
  markStakeholderLeft,
  rejoinStakeholder,
  updateStakeholder,
} from "#app/models/stakeholder-changes.server.ts";
import { getStakeholder, listReportingLinks } from "#app/models/stakeholders.server.ts";
import {
  HandoverForm,
  LeaveForm,
  RejoinForm,
  StakeholderEditForm,
  type StakeholderFormValues,
} from "#app/schemas/stakeholder.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { badRequest, notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { db, type Trx } from "#app/utils/db.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { writeErrorReply, type ConflictInfo } from "#app/web/forms.server.ts";
import { parseId } from "#app/web/params.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { Fact, Panel } from "#app/components/ui/panel.tsx";
import { IntentForm } from "#app/components/ui/intent-form.tsx";
import { useZodForm } from "#app/components/ui/zod-form.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    "advocacy.",
    "committee.",
    "committeeChange.",
    "committeePage.readOnly",
    "committeePage.title",
    "committeeRole.",
    "expOutcome.",
    "expStatus.",
    "form.",
    "handover.",
    "kind.",
    "leaveForm.",
    "mail.",
    "mailPrefs.notOffered",
    "outbox.",
    "plan.",
    "polarity.",
    "portalTouchpoint.",
    "rejoinForm.",
    "scoringSettings.",
    "signal.",
    "stakeholder.",
    "stakeholderForm.",
    "stance.",
    "task.playbookTitle",
    "title.person",
    "validation.",
  ),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const f = metaI18n(matches);
  return data ? pageTitle(f, data.person.name, data.account.name) : pageTitle(f, f.t("title.person"));
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const stakeholderId = parseId(params.stakeholderId);
  const [account, person, links, handover, openHeld, advocacy] = await Promise.all([
    getAccount(db(), accountId),
    getStakeholder(db(), accountId, stakeholderId),
    listReportingLinks(db(), accountId),
    handoverView(db(), accountId, stakeholderId),
    countOpenHeld(db(), accountId, stakeholderId),
    personAdvocacy(db(), accountId, stakeholderId),
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
    // Who may take over from someone who left: the account's present people.
    successors:
      canEdit && person.left_on && !handover.successor
        ? links.filter((l) => l.id !== person.id && l.left_on === null).map((l) => ({ id: l.id, name: l.name }))
        : [],
    canEdit,
    managers,
    defaults,
    today: calendarDate(),
  };
}

// After a lost race (409) show the person as they are now; the forms keep what was typed.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;

const EDIT_FIELDS = [
  "name",
  "title",
  "email",
  "phone",
  "committee_role",
  "influence",
  "stance",
  "reports_to_id",
] as const;

const INTENTS = {
  edit: { schema: StakeholderEditForm, write: updateStakeholder, done: "stakeholderForm.saved", compare: EDIT_FIELDS },
  leave: { schema: LeaveForm, write: markStakeholderLeft, done: "leaveForm.done", compare: ["left_on"] },
  rejoin: { schema: RejoinForm, write: rejoinStakeholder, done: "rejoinForm.done", compare: ["left_on"] },
  handover: { schema: HandoverForm, write: handOverToSuccessor, done: "handover.done", compare: ["left_on"] },
} as const satisfies Record<string, { schema: unknown; write: unknown; done: MessageKey; compare: readonly string[] }>;
type Intent = keyof typeof INTENTS;

type Context = Parameters<typeof updateStakeholder>[1];

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const stakeholderId = parseId(params.stakeholderId);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (!Object.hasOwn(INTENTS, intent)) badRequest();
  const spec = INTENTS[intent as Intent];
  const context: Context = { actor: user, ip, t };

  const submission = parseWithZod(formData, { schema: spec.schema, error: errorMap });
  const reply = (body: { result: SubmissionResult<string[]>; conflict?: ConflictInfo }, status: number) =>
    data({ intent: intent as Intent, ...body }, { status });
  if (submission.status !== "success") return reply({ result: submission.reply() }, 400);
  try {
    await db()
      .transaction()
      .execute((trx) =>
        (spec.write as (trx: Trx, c: Context, a: string, s: string, input: unknown) => Promise<unknown>)(
          trx,
          context,
          accountId,
          stakeholderId,
          submission.value,
        ),
      );
  } catch (error) {
    const f = formatters(locale);
    const { status, ...body } = await writeErrorReply(error, submission, {
      request,
      actor: user,
      locale,
      accountId,
      labels: Object.fromEntries(spec.compare.map((field) => [field, t(FIELD_LABELS[field]!)])),
      shown: (field, _value, current) => displayValue(f.t, f.date, field, current),
    });
    return reply(body, status);
  }
  return redirect(`/accounts/${accountId}/committee/${stakeholderId}`, {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t(spec.done) }) },
  });
}

const FIELD_LABELS: Record<string, MessageKey> = {
  name: "stakeholderForm.name",
  title: "stakeholderForm.title",
  email: "stakeholderForm.email",
  phone: "stakeholderForm.phone",
  committee_role: "stakeholderForm.role",
  influence: "stakeholderForm.influence",
  stance: "stakeholderForm.stance",
  reports_to_id: "stakeholderForm.reportsTo",
  left_on: "leaveForm.leftOn",
};

/** A stored value as a person reads it: names for ids, words for codes, dates in their language. */
function displayValue(
  t: Translate,
  date: (v: string) => string,
  field: string,
  current: Record<string, unknown>,
): string {
  const v = current[field];
  const none = "—";
  switch (field) {
    case "reports_to_id":
      return String(current.reports_to_name || none);
    case "committee_role":
      return v ? t(`committeeRole.${v as CommitteeRole}`) : t("committee.noRole");
    case "stance":
      return t(`stance.${v as Stance}`);
    case "left_on":
      return typeof v === "string" && v ? date(v) : none;
    default:
      return v == null || v === "" ? none : String(v);
  }
}

type ActionData = {
  intent: Intent;
  result?: SubmissionResult<string[]>;
  conflict?: ConflictInfo;
};

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
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { t, date } = useI18n();
  const mine = (intent: Intent) => (actionData?.intent === intent ? actionData : undefined);
  const conflictDetails = (intent: Intent) =>
    mine(intent)?.conflict?.changes.map((c) => t("form.conflictField", { field: c.field, value: c.value }));
  const version = (intent: Intent) => mine(intent)?.conflict?.version ?? p.version;
  const committee = `/accounts/${account.id}/committee`;
  const offered: Record<Intent, boolean> = {
    edit: canEdit,
    leave: canEdit && !p.left_on,
    rejoin: canEdit && Boolean(p.left_on),
    handover: canEdit && Boolean(p.left_on) && !handover.successor,
  };
  // A reply for a form no longer offered (someone else marked them left or back meanwhile): say so here.
  const orphan = actionData && !offered[actionData.intent] ? actionData : undefined;

  return (
    <div className="flex flex-col gap-8">
      <div>
        <Link to={committee} className="text-sm text-brand-700 underline">
          ← {t("committeePage.title", { name: account.name })}
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold">{p.name}</h1>
          {p.committee_role ? (
            <Badge tone="info">{t(`committeeRole.${p.committee_role as CommitteeRole}`)}</Badge>
          ) : null}
          <Badge tone={stanceTone[p.stance as Stance] ?? "neutral"}>{t(`stance.${p.stance as Stance}`)}</Badge>
          {p.left_on ? <Badge tone="warn">{t("committee.left", { date: date(p.left_on) })}</Badge> : null}
        </div>
        {p.title ? <p className="mt-1 text-slate-700">{p.title}</p> : null}
        {leavesGap ? (
          <p
            role="status"
            className="mt-3 max-w-3xl rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900"
          >
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
            <StakeholderAdvocacy accountId={account.id} name={p.name} record={advocacy} />
          </div>
        ) : null}
        {handover.successor ? (
          <p className="mt-3 max-w-3xl text-sm" data-testid="handed-over-to">
            {t("handover.handedOverTo", { date: date(handover.successor.on) })}{" "}
            <Link to={`${committee}/${handover.successor.id}`} className="text-brand-700 underline">
              {handover.successor.name}
            </Link>
          </p>
        ) : null}
        {canEdit ? null : <p className="mt-3 rounded-md bg-slate-100 p-3 text-sm">{t("committeePage.readOnly")}</p>}
      </div>

      {handover.predecessors.map((pre) => (
        <HandoverRecord
          key={pre.id}
          accountId={account.id}
          successor={{ id: p.id, name: p.name }}
          predecessor={pre}
          canEdit={canEdit}
        />
      ))}

      {orphan ? (
        <FormAlert
          errors={Object.values(orphan.result?.error ?? {})
            .flat()
            .filter((m): m is string => Boolean(m))}
          details={orphan.conflict?.changes.map((c) => t("form.conflictField", { field: c.field, value: c.value }))}
        />
      ) : null}

      {offered.leave ? (
        <Panel id="leave" title={t("leaveForm.heading")} help={t("leaveForm.help")}>
          <LeavePanel
            version={version("leave")}
            today={today}
            lastResult={mine("leave")?.result}
            conflictDetails={conflictDetails("leave")}
          />
        </Panel>
      ) : null}

      {offered.handover ? (
        <Panel id="handover" title={t("handover.heading")} help={t("handover.help", { count: openHeld })}>
          <HandoverPanel
            version={version("handover")}
            today={today}
            role={p.committee_role}
            successors={successors}
            lastResult={mine("handover")?.result}
            conflictDetails={conflictDetails("handover")}
          />
        </Panel>
      ) : null}

      {offered.rejoin ? (
        <Panel id="rejoin" title={t("rejoinForm.heading")} help={t("rejoinForm.help")}>
          <RejoinPanel
            version={version("rejoin")}
            lastResult={mine("rejoin")?.result}
            conflictDetails={conflictDetails("rejoin")}
          />
        </Panel>
      ) : null}

      {canEdit ? (
        <details open={Boolean(mine("edit"))} className="max-w-3xl rounded-lg border border-slate-300 bg-white p-4">
          <summary className="cursor-pointer font-semibold">{t("stakeholderForm.editHeading")}</summary>
          <div className="mt-4">
            <StakeholderForm
              mode="edit"
              defaults={defaults}
              managers={managers}
              lastResult={mine("edit")?.result}
              conflict={mine("edit")?.conflict}
              cancelTo={committee}
            />
          </div>
        </details>
      ) : null}
    </div>
  );
}

function LeavePanel({
  version,
  today,
  lastResult,
  conflictDetails,
}: {
  version: number;
  today: string;
  lastResult?: SubmissionResult<string[]> | undefined;
  conflictDetails?: string[] | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useZodForm<typeof LeaveForm>("leave", {
    lastResult,
    defaultValue: { left_on: today, note: "" },
  });
  return (
    <IntentForm
      form={form}
      intent="leave"
      version={version}
      conflictDetails={conflictDetails}
      submitLabel={t("leaveForm.submit")}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t("leaveForm.leftOn")}
          inputProps={{ ...getInputProps(fields.left_on, { type: "date" }), max: today }}
          field={fields.left_on}
        />
      </div>
      <TextareaField
        label={t("leaveForm.note")}
        textareaProps={{ ...getTextareaProps(fields.note), rows: 2, maxLength: 2000 }}
        field={fields.note}
      />
      <p className="-mt-3 text-xs text-slate-600">{t("leaveForm.noteHint")}</p>
    </IntentForm>
  );
}

function RejoinPanel({
  version,
  lastResult,
  conflictDetails,
}: {
  version: number;
  lastResult?: SubmissionResult<string[]> | undefined;
  conflictDetails?: string[] | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useZodForm<typeof RejoinForm>("rejoin", { lastResult, defaultValue: { mistake: false } });
  const { key: mistakeKey, ...mistakeProps } = getInputProps(fields.mistake, { type: "checkbox" });
  return (
    <IntentForm
      form={form}
      intent="rejoin"
      version={version}
      conflictDetails={conflictDetails}
      submitLabel={t("rejoinForm.submit")}
    >
      <div>
        <label className="flex items-center gap-2 text-sm">
          <input key={mistakeKey} {...mistakeProps} className="h-4 w-4" />
          {t("rejoinForm.mistake")}
        </label>
        <ErrorList field={fields.mistake} />
      </div>
    </IntentForm>
  );
}

function HandoverPanel({
  version,
  today,
  role,
  successors,
  lastResult,
  conflictDetails,
}: {
  version: number;
  today: string;
  role: string | null;
  successors: { id: string; name: string }[];
  lastResult?: SubmissionResult<string[]> | undefined;
  conflictDetails?: string[] | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useZodForm<typeof HandoverForm>("handover", {
    lastResult,
    defaultValue: { successor_id: "", take_role: Boolean(role), first_meeting_at: `${addDays(today, 7)}T10:00` },
  });
  const { key: roleKey, ...roleProps } = getInputProps(fields.take_role, { type: "checkbox" });
  if (successors.length === 0) return <p className="text-sm text-slate-700">{t("handover.nobody")}</p>;
  return (
    <IntentForm
      form={form}
      intent="handover"
      version={version}
      conflictDetails={conflictDetails}
      submitLabel={t("handover.submit")}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t("handover.successor")}
          selectProps={getSelectProps(fields.successor_id)}
          options={successors.map((s) => ({ value: s.id, label: s.name }))}
          placeholder={t("handover.choose")}
          field={fields.successor_id}
        />
        <Field
          label={t("handover.firstMeeting")}
          inputProps={{ ...getInputProps(fields.first_meeting_at, { type: "datetime-local" }), min: `${today}T00:00` }}
          field={fields.first_meeting_at}
        />
      </div>
      <p className="-mt-3 text-xs text-slate-600">{t("handover.firstMeetingHint")}</p>
      {role ? (
        <div>
          <label className="flex items-center gap-2 text-sm">
            <input key={roleKey} {...roleProps} className="h-4 w-4" />
            {t("handover.takeRole", { role: t(`committeeRole.${role as CommitteeRole}`).toLowerCase() })}
          </label>
          <ErrorList field={fields.take_role} />
        </div>
      ) : null}
    </IntentForm>
  );
}
