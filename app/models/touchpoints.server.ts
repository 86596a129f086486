import { loggableAccountsOwner, type Actor } from "#app/domain/permissions.ts";
import { sql } from "kysely";
import { instantToWallTime, TIME_ZONE } from "#app/domain/time.ts";
import type { StoredFacts } from "#app/domain/touchpoint-fact-rules.ts";
import type { TouchpointFormValues } from "#app/schemas/touchpoint.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { escapeLike } from "./accounts.server.ts";
import { activeStaff, presentStakeholders } from "./people.server.ts";
import { stakeholdersOfTouchpoint, usersOfTouchpoint } from "./touchpoint-people.server.ts";

// Reading touchpoints for the log and edit forms. Writes live in touchpoint-changes.server.ts.

/** Touchpoints `t` with their kind's facts: invoice `inv` and support case `sc`, each joined when there is one. */
export function touchpointsWithFacts(executor: Executor) {
  return executor
    .selectFrom("touchpoints as t")
    .leftJoin("touchpoint_invoices as inv", (j) =>
      j.onRef("inv.account_id", "=", "t.account_id").onRef("inv.touchpoint_id", "=", "t.id"),
    )
    .leftJoin("touchpoint_support_cases as sc", (j) =>
      j.onRef("sc.account_id", "=", "t.account_id").onRef("sc.touchpoint_id", "=", "t.id"),
    );
}

/** What a read of touchpoints with their facts (touchpointsWithFacts) shows of an invoice. */
export const INVOICE_FACT_COLUMNS = [
  "inv.number as invoice_number",
  "inv.amount as invoice_amount",
  "inv.currency as invoice_currency",
  "inv.due_date as invoice_due_date",
  "inv.paid_on as invoice_paid_on",
  "inv.disputed as invoice_disputed",
] as const;

/** The facts a list of touchpoints shows of an invoice and a support case (with touchpointsWithFacts). */
export const LISTED_FACT_COLUMNS = [
  ...INVOICE_FACT_COLUMNS,
  "sc.severity as case_severity",
  "sc.status as case_status",
  "sc.sla_due_at as case_sla_due_at",
] as const;

/** One touchpoint with its kind's facts and the ids of who took part, scoped by account. */
export async function getTouchpointForEdit(executor: Executor, accountId: string, touchpointId: string) {
  const row = await touchpointsWithFacts(executor)
    .leftJoin("users as author", "author.id", "t.author_id")
    .selectAll("t")
    .select((eb) => [
      "author.name as author_name",
      "inv.touchpoint_id as inv_id",
      "inv.number as inv_number",
      "inv.amount as inv_amount",
      "inv.currency as inv_currency",
      "inv.due_date as inv_due_date",
      "inv.paid_on as inv_paid_on",
      "inv.disputed as inv_disputed",
      "inv.dispute_reason as inv_dispute_reason",
      "sc.touchpoint_id as sc_id",
      "sc.severity as sc_severity",
      "sc.status as sc_status",
      "sc.opened_at as sc_opened_at",
      "sc.sla_due_at as sc_sla_due_at",
      "sc.resolved_at as sc_resolved_at",
      "sc.open_recorded_at as sc_open_recorded_at",
      stakeholdersOfTouchpoint(eb).as("stakeholders"),
      usersOfTouchpoint(eb).as("users"),
    ])
    .where("t.account_id", "=", accountId)
    .where("t.id", "=", touchpointId)
    .executeTakeFirst();
  if (!row) return null;
  const {
    inv_id,
    inv_number,
    inv_amount,
    inv_currency,
    inv_due_date,
    inv_paid_on,
    inv_disputed,
    inv_dispute_reason,
    sc_id,
    sc_severity,
    sc_status,
    sc_opened_at,
    sc_sla_due_at,
    sc_resolved_at,
    sc_open_recorded_at,
    stakeholders,
    users,
    ...touchpoint
  } = row;
  return {
    ...touchpoint,
    occurred_at: new Date(touchpoint.occurred_at),
    invoice: inv_id
      ? {
          number: inv_number!,
          amount: inv_amount!,
          currency: inv_currency!,
          due_date: inv_due_date!,
          paid_on: inv_paid_on,
          disputed: inv_disputed!,
          dispute_reason: inv_dispute_reason!,
        }
      : null,
    support_case: sc_id
      ? {
          severity: sc_severity!,
          status: sc_status!,
          opened_at: new Date(sc_opened_at!),
          sla_due_at: new Date(sc_sla_due_at!),
          resolved_at: sc_resolved_at ? new Date(sc_resolved_at) : null,
          /** The last time it was saved open before it was resolved (app/domain/support-case-rules.ts). */
          open_recorded_at: sc_open_recorded_at ? new Date(sc_open_recorded_at) : null,
        }
      : null,
    stakeholder_ids: stakeholders.map((s) => s.id),
    user_ids: users.map((u) => u.id),
    /** Names of who took part, for messages and the audit log. */
    participant_names: [...stakeholders, ...users].map((p) => p.name),
  };
}

export type TouchpointForEdit = NonNullable<Awaited<ReturnType<typeof getTouchpointForEdit>>>;

/** A stored touchpoint's facts as the rules that keep a case or an invoice in the figures read them (figuresKeep). */
export function storedFactsOf(tp: TouchpointForEdit): StoredFacts {
  const c = tp.support_case;
  const i = tp.invoice;
  return {
    supportCase: c && { status: c.status, openedAt: c.opened_at, slaDueAt: c.sla_due_at, resolvedAt: c.resolved_at },
    invoice: i && { disputed: i.disputed, paidOn: i.paid_on, dueDate: i.due_date },
  };
}

/** SLA hours as the form shows them: "8", "4.5", "0.25". */
export function slaHoursBetween(openedAt: Date, slaDueAt: Date): string {
  const hours = (slaDueAt.getTime() - openedAt.getTime()) / 3_600_000;
  return String(Math.round(hours * 100) / 100);
}

/** A stored touchpoint as the edit form's values (times as Helsinki wall times). */
export function touchpointFormValues(tp: TouchpointForEdit): TouchpointFormValues {
  const wall = (d: Date | null | undefined) => (d ? instantToWallTime(d, TIME_ZONE) : "");
  return {
    kind: tp.kind,
    occurred_at: wall(tp.occurred_at),
    title: tp.title,
    summary: tp.summary,
    internal_notes: tp.internal_notes,
    stakeholder_ids: tp.stakeholder_ids,
    user_ids: tp.user_ids,
    sentiment: tp.sentiment == null ? "" : String(tp.sentiment),
    treatment: tp.treatment == null ? "" : String(tp.treatment),
    resolved: tp.resolved ?? "",
    emotion_tags: tp.emotion_tags,
    moment_of_truth: tp.moment_of_truth,
    positive_surprise: tp.positive_surprise,
    shared_with_customer: tp.shared_with_customer,
    invoice_number: tp.invoice?.number ?? "",
    invoice_amount: tp.invoice?.amount ?? "",
    invoice_currency: tp.invoice?.currency ?? "EUR",
    invoice_due_date: tp.invoice?.due_date ?? "",
    invoice_paid_on: tp.invoice?.paid_on ?? "",
    invoice_disputed: tp.invoice?.disputed ?? false,
    invoice_dispute_reason: tp.invoice?.dispute_reason ?? "",
    case_severity: tp.support_case?.severity ?? "normal",
    case_status: tp.support_case?.status ?? "open",
    case_opened_at: wall(tp.support_case?.opened_at ?? tp.occurred_at),
    case_sla_hours: tp.support_case ? slaHoursBetween(tp.support_case.opened_at, tp.support_case.sla_due_at) : "",
    case_resolved_at: wall(tp.support_case?.resolved_at),
    advocacy_polarity: tp.advocacy_polarity ?? "",
    advocacy_source: tp.advocacy_source ?? "",
    advocacy_stakeholder_id: tp.advocacy_stakeholder_id ?? "",
    version: tp.version,
  };
}

/**
 * Who can be picked as a participant: the account's present stakeholders and
 * active staff. `include` keeps people already on a touchpoint listed even if
 * they have since left or been disabled, so an edit does not drop them.
 */
export async function listLogFormOptions(
  executor: Executor,
  accountId: string,
  include: { stakeholderIds?: string[]; userIds?: string[] } = {},
) {
  const [present, users] = await Promise.all([
    presentStakeholders(executor, accountId, include.stakeholderIds),
    activeStaff(executor, include.userIds),
  ]);
  const stakeholders = present.map(({ committee_role, ...s }) => ({ ...s, role: committee_role }));
  return { stakeholders, users };
}

export type LogFormOptions = Awaited<ReturnType<typeof listLogFormOptions>>;

/**
 * Accounts to log against, for the quick log's account picker: the user's own
 * accounts first, then the rest, by name. Archived accounts are left out.
 */
/** Accounts `actor` may log a touchpoint on (loggableAccountsOwner), theirs first, by name. */
export function searchAccountsForLog(executor: Executor, actor: Actor, q: string | undefined, limit = 20) {
  const userId = actor.id;
  const owner = loggableAccountsOwner(actor);
  return executor
    .selectFrom("accounts as a")
    .innerJoin("users as o", "o.id", "a.owner_id")
    .select(["a.id", "a.name", "a.industry", "o.name as owner_name", sql<boolean>`a.owner_id = ${userId}`.as("mine")])
    .where("a.archived_at", "is", null)
    .$if(owner !== null, (qb) => qb.where("a.owner_id", "=", owner!))
    .$if(Boolean(q), (qb) => qb.where(sql`lower(a.name)`, "like", `%${escapeLike(q!.toLowerCase())}%`))
    .orderBy(sql`a.owner_id = ${userId}`, "desc")
    .orderBy(sql`lower(a.name)`)
    .orderBy("a.id")
    .limit(limit)
    .execute();
}
