import { sql, type SqlBool } from "kysely";
import { signalReasonVariant } from "#app/domain/risk/reason.ts";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate, daysBefore, startOfDay } from "#app/domain/time.ts";
import {
  dayStart,
  idsOf,
  iso,
  itemOf,
  mineOrHanded,
  PER_SOURCE,
  type InboxSource,
} from "./inbox-sources.server.ts";
import { pressingOn } from "./expectation-dates.server.ts";

// The sources of the inbox that are the person's own work: risk signals and
// their escalation, expectations and tasks coming due, planned touchpoints, and
// mails waiting to be placed (the customer's own words are in
// app/models/inbox-sources.server.ts, with what every source shares).

/** New and re-raised risk signals on my accounts, until acknowledged or ended (disputes and contested notices come as their own items). */
export const signals: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "signal");
  const rows = await executor
    .selectFrom("risk_signals as r")
    .innerJoin("accounts as a", "a.id", "r.account_id")
    .select([
      "r.id",
      "r.account_id",
      "a.name as account_name",
      "r.rule",
      "r.severity",
      "r.first_seen_at",
      "r.escalated_from",
      "r.evidence_kind",
      "r.evidence_id",
      "r.params",
    ])
    .where((eb) => mineOrHanded(eb, eb("a.owner_id", "=", scope.userId), "r.id", handed))
    .where("r.resolved_at", "is", null)
    .where("r.acknowledged_at", "is", null)
    .where("r.rule", "not in", ["delivery_disputed", "notice_contested"])
    .orderBy("r.first_seen_at", "desc")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) =>
    itemOf("signal", r, {
      at: iso(r.first_seen_at),
      dueOn: null,
      title: r.rule,
      pressing: r.severity === "high",
      details: {
        rule: r.rule,
        severity: r.severity,
        reraised: r.escalated_from ? 1 : 0,
        evidenceKind: r.evidence_kind,
        evidenceId: r.evidence_id,
        reasonVariant: signalReasonVariant(r.rule, r.params),
      },
      signalParams: r.params,
    }),
  );
};

/**
 * A director's: the portfolio's High signals still open escalationDays days after they were first seen,
 * unless a director or an administrator acknowledged them. An acknowledgement by the account's KAM
 * does not keep one from the director (the person a risk judges does not decide who hears of it):
 * the item shows who acknowledged it and their note, and the director marks it done once read.
 */
export const escalations: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "signal_escalation");
  if (scope.role !== "director" && !handed.length) return [];
  const before = daysBefore(scope.now, scope.settings.escalationDays);
  const rows = await executor
    .selectFrom("risk_signals as r")
    .innerJoin("accounts as a", "a.id", "r.account_id")
    .innerJoin("users as o", "o.id", "a.owner_id")
    .leftJoin("users as ack", "ack.id", "r.acknowledged_by")
    .select([
      "r.id",
      "r.account_id",
      "a.name as account_name",
      "r.rule",
      "r.params",
      "r.first_seen_at",
      "r.acknowledged_at",
      "r.ack_note",
      "ack.name as ack_name",
      "o.name as owner_name",
    ])
    .where((eb) =>
      mineOrHanded(
        eb,
        scope.role === "director" ? eb.and([eb("r.severity", "=", "high"), eb("r.first_seen_at", "<", before)]) : null,
        "r.id",
        handed,
      ),
    )
    .where("r.resolved_at", "is", null)
    .where((eb) =>
      eb.or([
        eb("r.acknowledged_at", "is", null),
        eb(eb.fn.coalesce("ack.role", sql.lit("")), "not in", [sql.lit("director"), sql.lit("admin")]),
      ]),
    )
    .orderBy("r.first_seen_at", "desc")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) =>
    itemOf("signal_escalation", r, {
      at: iso(r.first_seen_at),
      dueOn: null,
      title: r.rule,
      pressing: true,
      details: {
        rule: r.rule,
        severity: "high",
        owner: r.owner_name,
        reasonVariant: signalReasonVariant(r.rule, r.params),
        ackBy: r.acknowledged_at ? (r.ack_name ?? "") : null,
        ackOn: r.acknowledged_at ? iso(r.acknowledged_at) : null,
        ackNote: r.acknowledged_at ? r.ack_note || null : null,
      },
      signalParams: r.params,
    }),
  );
};

/**
 * Open expectations on my accounts (or held by me) overdue or due within dueSoonDays days, as the
 * ledger groups them: by the earlier of the due date and the date the customer was promised.
 */
export const dueExpectations: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "expectation_overdue", "expectation_due");
  const soon = addDays(scope.today, scope.settings.dueSoonDays);
  const rows = await executor
    .selectFrom("expectations as e")
    .innerJoin("accounts as a", "a.id", "e.account_id")
    // Due for the customer (pressing_on): the date they were told, where a re-plan without notice moved
    // the due date on; the due date itself as the ledger shows it.
    .select(["e.id", "e.account_id", "a.name as account_name", "e.title", "e.due_date", pressingOn.as("pressing_on"), "e.importance"])
    .where((eb) =>
      mineOrHanded(
        eb,
        eb.and([
          // "On my accounts" as a list of account ids, so the planner ORs two index scans (open by
          // account and pressing date; open by owner, whose open items are read and filtered by the
          // pressing date, as no index holds owner and pressing date); as a.owner_id it read every open
          // expectation due by then in the database (12,733 rows at xlarge): 43 ms warm, 2.7 ms so.
          eb.or([
            sql<SqlBool>`e.account_id = any(array(${eb.selectFrom("accounts as o").select("o.id").where("o.owner_id", "=", scope.userId)}))`,
            eb("e.owner_id", "=", scope.userId),
          ]),
          eb(pressingOn, "<=", soon),
        ]),
        "e.id",
        handed,
      ),
    )
    // A literal, so a kept plan may use the partial indexes of open expectations (literals.server.ts).
    .where("e.status", "=", sql.lit("open"))
    .orderBy(pressingOn)
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) =>
    itemOf(r.pressing_on < scope.today ? "expectation_overdue" : "expectation_due", r, {
      stamp: r.pressing_on,
      at: dayStart(r.pressing_on),
      dueOn: r.pressing_on,
      title: r.title,
      pressing: false,
      details: { importance: r.importance, dueDate: r.due_date },
    }),
  );
};

/** My open tasks due within dueSoonDays days or overdue. */
export const dueTasks: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "task_due");
  const soon = addDays(scope.today, scope.settings.dueSoonDays);
  const rows = await executor
    .selectFrom("tasks as t")
    .innerJoin("accounts as a", "a.id", "t.account_id")
    .select(["t.id", "t.account_id", "a.name as account_name", "t.title", "t.due_on", "t.version"])
    .where((eb) =>
      mineOrHanded(eb, eb.and([eb("t.owner_id", "=", scope.userId), eb("t.due_on", "<=", soon)]), "t.id", handed),
    )
    .where("t.state", "=", "open")
    .orderBy("t.due_on")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) =>
    itemOf("task_due", r, {
      stamp: r.due_on,
      at: dayStart(r.due_on ?? scope.today),
      dueOn: r.due_on,
      title: r.title,
      pressing: false,
      details: { version: r.version },
    }),
  );
};

/** My planned touchpoints from their day on, until recorded or cancelled ("record how it went" opens the log form). */
export const plannedTouchpoints: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "planned_touchpoint");
  const tomorrow = startOfDay(addDays(scope.today, 1));
  const rows = await executor
    .selectFrom("planned_touchpoints as p")
    .innerJoin("accounts as a", "a.id", "p.account_id")
    .select(["p.id", "p.account_id", "a.name as account_name", "p.kind", "p.title", "p.planned_for", "p.version"])
    .where((eb) => mineOrHanded(eb, eb("p.owner_id", "=", scope.userId), "p.id", handed))
    .where("p.state", "=", "planned")
    .where("p.planned_for", "<", tomorrow)
    .orderBy("p.planned_for")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) => {
    const day = calendarDate(new Date(r.planned_for));
    return itemOf("planned_touchpoint", r, {
      stamp: day,
      at: iso(r.planned_for),
      dueOn: day,
      title: r.title,
      pressing: false,
      details: { plannedKind: r.kind, plannedAt: iso(r.planned_for), version: r.version },
    });
  });
};

/**
 * Mails that came to the person's capture address (mail in) and named no
 * account's people or several accounts': they wait to be placed or discarded.
 * They are on no account yet (accountId ""), so they are placed, not marked
 * done, snoozed or handed over.
 */
export const capturedMails: InboxSource = async (executor, scope) => {
  const rows = await executor
    .selectFrom("captured_mails")
    .select([
      "id",
      "subject",
      "from_address",
      "sent_at",
      "received_at",
      "addresses",
      "attachment_names",
      "candidate_account_ids",
      "version",
    ])
    .where("user_id", "=", scope.userId)
    .where("status", "=", "waiting")
    .orderBy("received_at", "desc")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) =>
    itemOf(
      "captured_mail",
      { id: r.id, account_id: "", account_name: "" },
      {
        at: iso(r.received_at),
        dueOn: null,
        title: r.subject,
        pressing: false,
        details: {
          from: r.from_address,
          sentAt: iso(r.sent_at),
          addresses: r.addresses.join(", "),
          attachments: r.attachment_names.join(", "),
          candidates: r.candidate_account_ids.join(","),
          version: r.version,
        },
      },
    ),
  );
};
