import { sql } from "kysely";
import {
  deliveryBreaches,
  dueDateEditBreaches,
  holderBreaches,
  importanceBreaches,
  noticeDay,
  replanBreaches,
  resolutionEditBreaches,
  type ResolutionWrite,
  type RuleBreach,
} from "#app/domain/expectation-rules.ts";
import type { ExpectationRow } from "#app/domain/import/records.ts";
import { dateOf } from "#app/domain/dates.ts";
import { calendarDate, TIME_ZONE } from "#app/domain/time.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { writeExpectations, type PlannedReplan, type ResolvedExpectation } from "./expectations-write.server.ts";
import {
  accountLookup,
  chunks,
  exclusively,
  mapped,
  pairKey,
  stakeholderIds,
  unknownPeople,
  type CheckedRow,
  type ImportWriter,
  type RowRejection,
  type WriteContext,
} from "./shared.server.ts";

// Expectations and what became of them, matched by (account, external id). A
// row with an outcome is resolved; without one it is open. Each new or changed
// expectation gets an entry in its history naming the import. The ledger's
// rules (app/domain/expectation-rules.ts) hold as on the forms: a delivery's
// dates, a holder who has not left, and a due date that moves only by a
// re-plan — a row that moves it carries the re-plan (replan_reason, with its
// days), recorded in the history as the forms record one. Resolving is here,
// writing in app/models/import/expectations-write.server.ts.

export type { PlannedReplan, ResolvedExpectation };

interface Stored {
  id: string;
  account_id: string;
  external_id: string;
  status: string;
  outcome: string | null;
  delivered_on: string | null;
  importance: number;
  due_date: string;
  original_due_date: string;
  promised_date: string | null;
  holder_stakeholder_id: string | null;
  last_replanned_on: string | null;
  /** The vendor's calendar date it was recorded (created); null for one this file creates. */
  recorded_on: string | null;
  /** Whether it was ever delivered (a delivery in its history), reopened since or not. */
  ever_resolved: boolean;
}

/** The stored expectations the rows name, by pairKey. */
async function storedExpectations(
  ctx: WriteContext,
  executor: Executor,
  pairs: { accountId: string; externalId: string }[],
) {
  const found = new Map<string, Stored>();
  for (const part of chunks(pairs)) {
    if (!part.length) continue;
    const rows = await exclusively(ctx, () =>
      sql<Omit<Stored, "recorded_on"> & { created_at: Date | string }>`
        select e.id, e.account_id, e.external_id, e.status, e.outcome, e.delivered_on::text as delivered_on,
          e.importance, e.due_date::text as due_date, e.original_due_date::text as original_due_date,
          e.promised_date::text as promised_date, e.holder_stakeholder_id, e.created_at,
          (select max(c.replanned_on)::text from expectation_changes c
            where c.account_id = e.account_id and c.expectation_id = e.id and c.kind = 'replanned') as last_replanned_on,
          exists (select 1 from expectation_changes c
            where c.account_id = e.account_id and c.expectation_id = e.id and c.kind = 'delivered') as ever_resolved
        from expectations e
        join unnest(${part.map((p) => p.accountId)}::uuid[], ${part.map((p) => p.externalId)}::text[]) as k(account_id, external_id)
          on e.account_id = k.account_id and e.external_id = k.external_id`.execute(executor),
    );
    for (const { created_at, ...r } of rows.rows) {
      found.set(pairKey(r.account_id, r.external_id), { ...r, recorded_on: dateOf(created_at, TIME_ZONE) });
    }
  }
  return found;
}

/** The re-plans already recorded for the stored expectations, as recordedKey()s. */
async function recordedReplans(ctx: WriteContext, executor: Executor, stored: Stored[]) {
  const found = new Set<string>();
  for (const part of chunks(stored)) {
    if (!part.length) continue;
    const rows = await exclusively(ctx, () =>
      sql<{ expectation_id: string; to_due_date: string; replanned_on: string | null; reason: string }>`
        select c.expectation_id, c.to_due_date::text as to_due_date, c.replanned_on::text as replanned_on, c.reason
        from expectation_changes c
        join unnest(${part.map((p) => p.account_id)}::uuid[], ${part.map((p) => p.id)}::uuid[]) as k(account_id, id)
          on c.account_id = k.account_id and c.expectation_id = k.id
        where c.kind = 'replanned'`.execute(executor),
    );
    for (const r of rows.rows) found.add(recordedKey(r.expectation_id, r.to_due_date, r.replanned_on, r.reason));
  }
  return found;
}

const recordedKey = (id: string, to: string, on: string | null | undefined, reason: string) =>
  `${id}\u0000${to}\u0000${on ?? ""}\u0000${reason}`;

/** Whether each holder has left, by stakeholder id. */
async function holderLeft(ctx: WriteContext, executor: Executor, ids: string[]) {
  const found = new Map<string, { leftOn: string | null }>();
  for (const part of chunks([...new Set(ids)])) {
    if (!part.length) continue;
    const rows = await exclusively(ctx, () =>
      executor.selectFrom("stakeholders").select(["id", "left_on"]).where("id", "in", part).execute(),
    );
    for (const r of rows) found.set(r.id, { leftOn: r.left_on });
  }
  return found;
}

/** The row's field a rule's breach is about, where the names differ. */
const ROW_FIELD: Record<string, string> = {
  holder_stakeholder_id: "holder",
  reason: "replan_reason",
  "": "external_id",
};

/** The message for a due date moved without a re-plan: the API names its endpoint, a file its columns. */
function replanOnlyReason(ctx: WriteContext, b: RuleBreach, account: string, externalId: string): string {
  if (b.key !== "expectation.dueDateByReplanOnly") return ctx.t(b.key, b.params);
  if (b.field === "original_due_date") return ctx.t("import.originalDueDateFixed", b.params);
  if (ctx.origin.api_token) {
    const path = `/api/v1/accounts/${encodeURIComponent(account)}/expectations/${encodeURIComponent(externalId)}/replans`;
    return ctx.t("api.dueDateByReplanOnly", { ...b.params, path });
  }
  return ctx.t("import.dueDateByReplanOnly", b.params);
}

/** What a row writes over a stored expectation that the ledger's rules judge against what is stored. */
interface RowWrite extends ResolutionWrite {
  importance?: number;
}

/**
 * What the row writes, as the upsert (expectations-write.server.ts) writes it:
 * a mapped outcome column sets the status and outcome (an empty cell: open,
 * none), a mapped delivered_on column the delivery date, a mapped importance
 * column the importance (an empty cell: 2). A column the file leaves out
 * writes nothing.
 */
function rowWrite(ctx: WriteContext, record: ExpectationRow): RowWrite {
  return {
    ...(mapped(ctx, "outcome")
      ? { status: record.outcome ? "resolved" : "open", outcome: record.outcome ?? null }
      : {}),
    ...(mapped(ctx, "delivered_on") ? { deliveredOn: record.delivered_on ?? null } : {}),
    ...(mapped(ctx, "importance") ? { importance: record.importance ?? 2 } : {}),
  };
}

/**
 * The rules that judge a row against the expectation as it is stored: what
 * became of one that is not open changes only by reopening it first (on its
 * page), and its importance is not lowered once it came due for the customer
 * or was resolved.
 */
function storedBreaches(stored: Stored, writes: RowWrite, today: string): RuleBreach[] {
  return [
    ...resolutionEditBreaches(
      { status: stored.status, outcome: stored.outcome, deliveredOn: stored.delivered_on },
      writes,
    ),
    ...importanceBreaches({ ...stored, everResolved: stored.ever_resolved }, writes.importance, today),
  ];
}

/**
 * The ledger's rules for one row against what is stored: the re-plan it
 * carries (if it moves the due date) and every breach, each at its field.
 */
function checkRow(
  record: ExpectationRow,
  stored: Stored | undefined,
  holderId: string | null,
  holder: { leftOn: string | null } | undefined,
  today: string,
  writes: RowWrite,
): { replan: PlannedReplan | null; breaches: RuleBreach[] } {
  const breaches: RuleBreach[] = stored ? storedBreaches(stored, writes, today) : [];
  const from = stored ? stored.due_date : (record.original_due_date ?? record.due_date);
  let replan: PlannedReplan | null = null;
  if (stored && record.original_due_date) {
    breaches.push(
      ...dueDateEditBreaches(
        { dueDate: stored.due_date, originalDueDate: stored.original_due_date },
        { originalDueDate: record.original_due_date },
      ).filter((b) => b.field === "original_due_date"),
    );
  }
  if (record.due_date !== from) {
    if (record.replan_reason) {
      const replannedOn = record.replanned_on ?? today;
      const notified = record.customer_notified === true || Boolean(record.customer_notified_on);
      replan = {
        from,
        to: record.due_date,
        reason: record.replan_reason,
        replannedOn,
        notified,
        notifiedOn: noticeDay(notified, record.customer_notified_on ?? null, replannedOn),
      };
      breaches.push(
        ...replanBreaches({
          status: stored?.status ?? "open",
          currentDueDate: from,
          newDueDate: record.due_date,
          reason: record.replan_reason,
          replannedOn,
          notifiedOn: replan.notifiedOn,
          lastReplannedOn: stored?.last_replanned_on ?? null,
          today,
        }),
      );
    } else if (!stored) {
      // A new record that arrives already moved (an ERP knows both dates, not
      // why): kept as a re-plan with no recorded reason or notice, so the
      // promise stays the original date (predictability.ts).
      replan = {
        from,
        to: record.due_date,
        reason: "",
        replannedOn: record.replanned_on ?? null,
        notified: false,
        notifiedOn: null,
      };
    } else {
      breaches.push({ field: "due_date", key: "expectation.dueDateByReplanOnly", params: { date: from } });
    }
  }
  breaches.push(...holderBreaches(holderId, holder, stored?.holder_stakeholder_id ?? null, "holder"));
  // A delivery's dates are checked when the row resolves an open (or new) expectation; a row
  // that only repeats a closed one's outcome and date is no change (storedBreaches refuses any other).
  if (record.outcome && (!stored || stored.status === "open")) {
    breaches.push(
      ...deliveryBreaches({
        outcome: record.outcome,
        deliveredOn: record.delivered_on,
        dueDate: record.due_date,
        today,
        recordedOn: stored?.recorded_on ?? null,
      }),
    );
  }
  return { replan, breaches };
}

/** Per file: the expectation as the rows so far left it, and the last line that named it, by pairKey. */
interface FileChain {
  chain: Map<string, Stored>;
  lastLine: Map<string, number>;
}

/** What the database says of a chunk's rows: their holders' ids, the stored expectations, recorded re-plans, who left. */
async function lookups(
  ctx: WriteContext,
  executor: Executor,
  placed: { row: CheckedRow<ExpectationRow>; accountId: string }[],
) {
  const holders = await stakeholderIds(
    ctx,
    executor,
    placed.flatMap(({ row, accountId }) => (row.record.holder ? [{ accountId, externalId: row.record.holder }] : [])),
  );
  const stored = await storedExpectations(
    ctx,
    executor,
    placed.map(({ row, accountId }) => ({ accountId, externalId: row.record.external_id })),
  );
  const recorded = await recordedReplans(ctx, executor, [...stored.values()]);
  const people = await holderLeft(ctx, executor, [...holders.values()]);
  return { holders, stored, recorded, people };
}
type Lookups = Awaited<ReturnType<typeof lookups>>;

/**
 * One row against what is stored and what the rows before it in the file left:
 * ready to write (and the file's chain moved on), or refused at its field.
 */
function resolveRow(
  ctx: WriteContext,
  file: FileChain,
  found: Lookups,
  { row, accountId }: { row: CheckedRow<ExpectationRow>; accountId: string },
  today: string,
): { ready: ResolvedExpectation } | { rejected: RowRejection } {
  const { record } = row;
  const refuse = (field: string, reason: string) => ({ rejected: { line: row.line, field, reason } });
  const key = pairKey(accountId, record.external_id);
  const holder = record.holder;
  const holderId = holder ? found.holders.get(pairKey(accountId, holder)) : null;
  if (holderId === undefined) return { rejected: unknownPeople(ctx, row.line, "holder", holder!) };
  const inDatabase = found.stored.get(key);
  const base = file.chain.get(key) ?? inDatabase;
  const earlier = file.lastLine.get(key);
  // Its re-plan already in the history: the row brings nothing new about the date.
  const already =
    base?.id &&
    record.replan_reason &&
    record.due_date !== base.due_date &&
    found.recorded.has(recordedKey(base.id, record.due_date, record.replanned_on, record.replan_reason));
  if (earlier !== undefined && !already) {
    // A further row of the same expectation is a further re-plan, made after the one before.
    if (!record.replan_reason || record.due_date === base?.due_date) {
      return refuse("external_id", ctx.t("import.sameExpectationAgain", { line: earlier }));
    }
    if (base?.last_replanned_on && record.replanned_on && record.replanned_on < base.last_replanned_on) {
      return refuse("replanned_on", ctx.t("import.replanOutOfOrder", { line: earlier, date: base.last_replanned_on }));
    }
  }
  const { replan, breaches } = checkRow(
    record,
    already ? { ...base, due_date: record.due_date } : base,
    holderId,
    holderId ? found.people.get(holderId) : undefined,
    today,
    rowWrite(ctx, record),
  );
  const [first] = breaches;
  if (first) {
    return refuse(
      ROW_FIELD[first.field] ?? first.field,
      replanOnlyReason(ctx, first, record.account, record.external_id),
    );
  }
  file.lastLine.set(key, row.line);
  file.chain.set(key, {
    id: base?.id ?? "",
    account_id: accountId,
    external_id: record.external_id,
    status: record.outcome ? "resolved" : mapped(ctx, "outcome") ? "open" : (base?.status ?? "open"),
    outcome: mapped(ctx, "outcome") ? (record.outcome ?? null) : (base?.outcome ?? null),
    delivered_on: mapped(ctx, "delivered_on") ? (record.delivered_on ?? null) : (base?.delivered_on ?? null),
    importance: mapped(ctx, "importance") ? (record.importance ?? 2) : (base?.importance ?? 2),
    due_date: record.due_date,
    original_due_date: base?.original_due_date ?? replan?.from ?? record.original_due_date ?? record.due_date,
    // The promise as stored (a re-plan in this file moves it only once written: judged then, predictability.ts).
    promised_date: base?.promised_date ?? null,
    holder_stakeholder_id: mapped(ctx, "holder") ? holderId : (base?.holder_stakeholder_id ?? null),
    last_replanned_on: already
      ? (record.replanned_on ?? null)
      : (replan?.replannedOn ?? base?.last_replanned_on ?? null),
    recorded_on: base?.recorded_on ?? null,
    ever_resolved: Boolean(base?.ever_resolved) || Boolean(record.outcome),
  });
  // Already recorded: the expectation keeps the due date it has now.
  const dueDate = already && inDatabase ? { dueDate: inDatabase.due_date } : {};
  return { ready: { line: row.line, accountId, record, holderId, replan, ...dueDate } };
}

export const expectationWriter: ImportWriter<ExpectationRow, ResolvedExpectation> = {
  // Several rows may name one expectation: each further row is a further
  // re-plan of it (a history brought in truthfully), in the order the re-plans
  // were made (replanned_on), each checked against the expectation as the rows
  // before it left it and recorded in its history. A row whose re-plan is
  // already in the history (the same file imported again) changes nothing.
  resolver(executor, ctx) {
    const accounts = accountLookup(executor, ctx);
    const file: FileChain = { chain: new Map(), lastLine: new Map() };
    return async (rows) => {
      const { placed, rejected } = await accounts.place(rows);
      const found = await lookups(ctx, executor, placed);
      const today = calendarDate();
      const ready: ResolvedExpectation[] = [];
      for (const one of placed) {
        const result = resolveRow(ctx, file, found, one, today);
        if ("ready" in result) ready.push(result.ready);
        else rejected.push(result.rejected);
      }
      return { ready, rejected };
    };
  },

  write: (trx, ctx, batch) => writeExpectations(trx, ctx, batch),
};
