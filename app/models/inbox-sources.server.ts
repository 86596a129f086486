import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import { inboxItemKey, isDetractor, type InboxItem, type InboxKind, type InboxSettings } from "#app/domain/inbox.ts";
import type { RiskRule } from "#app/domain/risk-rules.ts";
import { daysBefore } from "#app/domain/time.ts";
import type { Role } from "#app/domain/vocabulary.ts";
import type { Executor } from "#app/utils/db.server.ts";

// The sources of one member of staff's inbox (gathered in app/models/inbox.server.ts).
// Each source is one function that returns the items of one kind (or a few)
// for the scope: the person's own accounts (or own tasks), plus the items
// colleagues handed to them. Adding a source is adding one function to SOURCES
// there. An item whose source is dealt with (an expectation accepted, a signal
// acknowledged, a task completed) is simply no longer returned by its source.
// Here: what every source shares, and the sources of what customers said
// (disputes, contested notices, proposals, survey answers, review comments);
// the person's own work is in app/models/inbox-work-sources.server.ts.

export const PER_SOURCE = 200;

export interface InboxScope {
  userId: string;
  role: Role;
  today: string;
  now: Date;
  settings: InboxSettings;
  /** Source ids of items colleagues handed to this person, by kind. */
  handedIn: Partial<Record<InboxKind, string[]>>;
}

export type InboxSource = (executor: Executor, scope: InboxScope) => Promise<InboxItem[]>;

export const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());
export const dayStart = (date: string) => `${date}T00:00:00.000Z`;
export const idsOf = (scope: InboxScope, ...kinds: InboxKind[]) => kinds.flatMap((k) => scope.handedIn[k] ?? []);

/**
 * The items a source returns: on accounts `a` not archived, those `mine`
 * selects (when the person may have any of their own), or whose source id
 * (`idColumn`) a colleague handed to them.
 */
export function mineOrHanded(
  eb: ExpressionBuilder<any, any>,
  mine: Expression<SqlBool> | null,
  idColumn: string,
  handed: string[],
) {
  return eb.and([
    eb.or([...(mine ? [mine] : []), ...(handed.length ? [eb(sql.ref(idColumn), "in", handed)] : [])]),
    eb(sql.ref("a.archived_at"), "is", null),
  ]);
}

/**
 * Not yet answered: no signal of `rule` on the evidence (`evidenceColumn` in the
 * account of `accountColumn`) was acknowledged at or after `sinceColumn`.
 */
export function notAcknowledgedSince(
  eb: ExpressionBuilder<any, any>,
  rule: RiskRule,
  columns: { account: string; evidence: string; since: string },
) {
  return eb.not(
    eb.exists(
      eb
        .selectFrom("risk_signals as ack_signal")
        .select(sql`1`.as("one"))
        .where("ack_signal.account_id", "=", sql.ref(columns.account))
        .where("ack_signal.evidence_id", "=", sql.ref(columns.evidence))
        .where("ack_signal.rule", "=", rule)
        .where("ack_signal.acknowledged_at", "is not", null)
        .where("ack_signal.acknowledged_at", ">=", sql.ref(columns.since)),
    ),
  );
}

/** An item of `kind` from a source row on an account; `stamp` makes a new item of the same source (a new dispute, a moved due date). */
export function itemOf(
  kind: InboxKind,
  row: { id: string; account_id: string; account_name: string },
  item: Pick<InboxItem, "at" | "dueOn" | "title" | "pressing" | "details" | "signalParams"> & {
    stamp?: string | number | null;
  },
): InboxItem {
  const { stamp, ...rest } = item;
  return {
    key: inboxItemKey(kind, row.id, stamp),
    kind,
    accountId: row.account_id,
    accountName: row.account_name,
    sourceId: row.id,
    ...rest,
  };
}

/** Deliveries the customer disputed, until the dispute's signal is acknowledged or the delivery reopened. */
export const disputes: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "customer_dispute");
  const rows = await executor
    .selectFrom("expectations as e")
    .innerJoin("accounts as a", "a.id", "e.account_id")
    .select([
      "e.id",
      "e.account_id",
      "a.name as account_name",
      "e.title",
      "e.customer_response",
      "e.customer_comment",
      "e.customer_responded_at",
      "e.due_date",
      "e.delivered_on",
    ])
    .where((eb) => mineOrHanded(eb, eb("a.owner_id", "=", scope.userId), "e.id", handed))
    // Read by expectations_disputed_idx (migration 20261209_1945): without it every expectation in
    // the database was read, 80–107 ms at xlarge; 2.2 ms with it.
    .where("e.status", "=", "resolved")
    .where("e.customer_response", "in", ["disputed_partly", "disputed_not_delivered"])
    .where((eb) =>
      notAcknowledgedSince(eb, "delivery_disputed", {
        account: "e.account_id",
        evidence: "e.id",
        since: "e.customer_responded_at",
      }),
    )
    .orderBy("e.customer_responded_at", "desc")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) =>
    itemOf("customer_dispute", r, {
      stamp: r.customer_responded_at ? new Date(r.customer_responded_at).getTime() : null,
      at: iso(r.customer_responded_at ?? new Date(0)),
      dueOn: null,
      title: r.title,
      pressing: true,
      details: {
        response: r.customer_response,
        comment: r.customer_comment,
        dueDate: r.due_date,
        deliveredOn: r.delivered_on,
      },
    }),
  );
};

/**
 * Re-plans whose notice the customer contested in the portal ("we were not
 * told", app/domain/notice.ts), until the contest's signal is acknowledged
 * after it. One item per expectation and contest.
 */
export const contestedNotices: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "notice_contested");
  const rows = await executor
    .selectFrom("expectation_changes as c")
    .innerJoin("expectations as e", (j) =>
      j.onRef("e.account_id", "=", "c.account_id").onRef("e.id", "=", "c.expectation_id"),
    )
    .innerJoin("accounts as a", "a.id", "e.account_id")
    .innerJoin("expectation_changes as r", (j) =>
      j.onRef("r.account_id", "=", "c.account_id").onRef("r.id", "=", "c.replan_id"),
    )
    .leftJoin("users as u", "u.id", "c.actor_id")
    .select([
      "e.id",
      "e.account_id",
      "a.name as account_name",
      "e.title",
      "c.at",
      "c.reason",
      "r.to_due_date",
      "r.customer_notified_on",
      "u.name as person",
    ])
    .where((eb) => mineOrHanded(eb, eb("a.owner_id", "=", scope.userId), "e.id", handed))
    .where("c.kind", "=", "notice_contested")
    .where((eb) =>
      notAcknowledgedSince(eb, "notice_contested", {
        account: "c.account_id",
        evidence: "c.expectation_id",
        since: "c.at",
      }),
    )
    .orderBy("c.at", "desc")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) =>
    itemOf("notice_contested", r, {
      stamp: new Date(r.at).getTime(),
      at: iso(r.at),
      dueOn: null,
      title: r.title,
      pressing: true,
      details: { note: r.reason, toDueDate: r.to_due_date, claimedOn: r.customer_notified_on, person: r.person },
    }),
  );
};

/** Expectations the customer stated in the portal, until they are accepted or declined. */
export const proposals: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "customer_expectation");
  const rows = await executor
    .selectFrom("expectations as e")
    .innerJoin("accounts as a", "a.id", "e.account_id")
    .select(["e.id", "e.account_id", "a.name as account_name", "e.title", "e.due_date", "e.created_at"])
    .where((eb) => mineOrHanded(eb, eb("a.owner_id", "=", scope.userId), "e.id", handed))
    // Read by expectations_proposed_idx (migration 20261209_1945): 70 ms at xlarge without it, 0.07 ms with it.
    .where("e.status", "=", "proposed")
    .where("e.source", "=", "customer")
    .orderBy("e.created_at", "desc")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) =>
    itemOf("customer_expectation", r, {
      at: iso(r.created_at),
      dueOn: r.due_date,
      title: r.title,
      pressing: false,
      details: {},
    }),
  );
};

/** NPS and CSAT answers of the last surveyDays days, detractors first, until marked done. */
export const surveyAnswers: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "survey_answer");
  const since = daysBefore(scope.now, scope.settings.surveyDays);
  const rows = await executor
    .selectFrom("survey_responses as s")
    .innerJoin("accounts as a", "a.id", "s.account_id")
    .innerJoin("stakeholders as p", (j) =>
      j.onRef("p.account_id", "=", "s.account_id").onRef("p.id", "=", "s.stakeholder_id"),
    )
    .select([
      "s.id",
      "s.account_id",
      "a.name as account_name",
      "s.kind",
      "s.score",
      "s.comment",
      "s.answered_at",
      "p.name as person",
    ])
    .where((eb) =>
      mineOrHanded(eb, eb.and([eb("a.owner_id", "=", scope.userId), eb("s.answered_at", ">=", since)]), "s.id", handed),
    )
    .orderBy("s.answered_at", "desc")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) =>
    itemOf("survey_answer", r, {
      at: iso(r.answered_at),
      dueOn: null,
      title: r.comment,
      pressing: isDetractor(r.kind, r.score),
      details: { survey: r.kind, score: r.score, person: r.person },
    }),
  );
};

/**
 * The customer's comments on a business review in the portal, of the last
 * surveyDays days, while the review's meeting is still to be recorded and
 * until marked done.
 */
export const reviewComments: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "review_comment");
  const since = daysBefore(scope.now, scope.settings.surveyDays);
  const rows = await executor
    .selectFrom("business_review_comments as c")
    .innerJoin("business_reviews as r", (j) =>
      j.onRef("r.account_id", "=", "c.account_id").onRef("r.id", "=", "c.review_id"),
    )
    .innerJoin("accounts as a", "a.id", "c.account_id")
    .leftJoin("stakeholders as s", (j) =>
      j.onRef("s.account_id", "=", "c.account_id").onRef("s.id", "=", "c.stakeholder_id"),
    )
    .select([
      "c.id",
      "c.account_id",
      "a.name as account_name",
      "c.review_id",
      "r.title as review_title",
      "c.body",
      "c.created_at",
      "s.name as stakeholder_name",
    ])
    .where((eb) => mineOrHanded(eb, eb("a.owner_id", "=", scope.userId), "c.id", handed))
    .where("c.from_customer", "=", true)
    .where("c.created_at", ">=", since)
    .where("r.state", "in", ["shared", "published"])
    .orderBy("c.created_at", "desc")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) =>
    itemOf("review_comment", r, {
      at: iso(r.created_at),
      dueOn: null,
      title: r.body.length > 200 ? `${r.body.slice(0, 199)}…` : r.body,
      pressing: false,
      details: { reviewId: r.review_id, reviewTitle: r.review_title, stakeholder: r.stakeholder_name },
    }),
  );
};
