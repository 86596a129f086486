import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { advocacyColumns, isAdvocacyKind } from "#app/domain/advocacy-rules.ts";
import type { TouchpointRow } from "#app/domain/import/records.ts";
import {
  caseFactsBreaches,
  caseResolutionBreaches,
  isClosedCase,
  openRecordedAtAfter,
  type CaseSlaFacts,
  type StoredCase,
} from "#app/domain/support-case-rules.ts";
import { kindChangeBreaches } from "#app/domain/touchpoint-fact-rules.ts";
import { instantToWallTime, TIME_ZONE } from "#app/domain/time.ts";
import type { MessageKey } from "#app/i18n/index.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import {
  accountLookup,
  chunks,
  duplicateChecker,
  exclusively,
  mapped,
  pairKey,
  stakeholderIds,
  unknownPeople,
  unnestRows,
  type CheckedRow,
  type ImportWriter,
  type RowRejection,
  type WriteContext,
  type WrittenRow,
} from "./shared.server.ts";
import { prepareTouchpointBatch, runTouchpointBatch } from "./touchpoint-statement.server.ts";
import { TOUCHPOINT_FACTS } from "#app/models/record-columns.server.ts";
import { emitWebhookEvents, touchpointData } from "#app/models/webhook-events.server.ts";

// Touchpoints of any kind, with the facts of invoices and support cases and the
// customer's people who took part. Matched by (account, external id).

export interface ResolvedTouchpoint {
  line: number;
  accountId: string;
  record: TouchpointRow;
  /** The participants' ids when the file has a stakeholders column. */
  stakeholderIds: string[] | undefined;
  /** The person a reference, referral or word of mouth names (advocacy_stakeholder), found on the account. */
  advocate: { id: string; name: string } | null;
  /** A support case's open_recorded_at as the row leaves it (app/domain/support-case-rules.ts); written with its status. */
  openRecordedAt?: Date | null;
}

interface PreparedBatch {
  newIds: string[];
  statement: ReturnType<typeof prepareTouchpointBatch>;
}

/** Columns the file may leave out: then an existing touchpoint keeps its own value. */
const OPTIONAL_COLUMNS = [
  "title",
  "summary",
  "internal_notes",
  ...TOUCHPOINT_FACTS,
] as const;

export const touchpointWriter: ImportWriter<TouchpointRow, ResolvedTouchpoint> = {
  // Accounts, people and the row's own support case only: a touchpoint row never
  // names another touchpoint, and a file names each touchpoint once, so the
  // chunk being written cannot change what this one reads.
  resolvesAhead: true,
  resolver(executor, ctx) {
    const accounts = accountLookup(executor, ctx);
    const isDuplicate = duplicateChecker(ctx);
    return async (rows) => {
      const rejected: RowRejection[] = [];
      await accounts.load(rows.map((r) => r.record.account));
      const withAccount: { row: CheckedRow<TouchpointRow>; accountId: string }[] = [];
      for (const row of rows) {
        const found = accounts.find(row.record.account);
        if ("reason" in found) {
          rejected.push({ line: row.line, field: "account", ...found });
          continue;
        }
        const duplicate = isDuplicate(pairKey(found.account.id, row.record.external_id), row.line);
        if (duplicate) rejected.push(duplicate);
        else withAccount.push({ row, accountId: found.account.id });
      }
      const people = mapped(ctx, "stakeholders")
        ? await stakeholderIds(
            ctx,
            executor,
            withAccount.flatMap(({ row, accountId }) =>
              (row.record.stakeholders ?? []).map((externalId) => ({ accountId, externalId })),
            ),
          )
        : null;
      const advocateRefs = withAccount.flatMap(({ row, accountId }) =>
        isAdvocacyKind(row.record.kind) && row.record.advocacy_stakeholder
          ? [{ accountId, externalId: row.record.advocacy_stakeholder }]
          : [],
      );
      const advocates = advocateRefs.length ? await stakeholderIds(ctx, executor, advocateRefs, { names: true }) : null;
      const ready: ResolvedTouchpoint[] = [];
      for (const { row, accountId } of withAccount) {
        let advocate: { id: string; name: string } | null = null;
        if (isAdvocacyKind(row.record.kind) && row.record.advocacy_stakeholder) {
          const found = advocates?.named.get(pairKey(accountId, row.record.advocacy_stakeholder));
          if (!found) {
            rejected.push(unknownPeople(ctx, row.line, "advocacy_stakeholder", row.record.advocacy_stakeholder));
            continue;
          }
          advocate = found;
        }
        let ids: string[] | undefined;
        if (people) {
          const refs = row.record.stakeholders ?? [];
          const missing = refs.filter((ref) => !people.has(pairKey(accountId, ref)));
          if (missing.length) {
            rejected.push(unknownPeople(ctx, row.line, "stakeholders", missing.join(", ")));
            continue;
          }
          ids = refs.map((ref) => people.get(pairKey(accountId, ref))!);
        }
        ready.push({ line: row.line, accountId, record: row.record, stakeholderIds: ids, advocate });
      }
      return { ready: await judgeCases(ctx, executor, ready, rejected), rejected };
    };
  },

  prepare(ctx, batch): PreparedBatch {
    const optional = OPTIONAL_COLUMNS.filter((c) => mapped(ctx, c));
    const records = batch.map((r) => touchpointColumns(ctx, r));
    const columns = <K extends string>(names: readonly K[], rows: Record<K, unknown>[]) =>
      names.map((name) => ({ name, values: rows.map((row) => row[name]) }));
    const newIds = timeOrderedIds(batch.length);
    const statement = prepareTouchpointBatch({
      touchpoint: columns(TOUCHPOINT_COLUMNS, records),
      // The advocacy facts travel together and follow the kind (a CHECK ties them to it): always written.
      touchpointUpdates: ["kind", "occurred_at", ...ADVOCACY_COLUMNS, ...optional],
      newIds,
      invoice: batch.some((r) => r.record.kind === "invoice")
        ? {
            columns: columns(INVOICE_COLUMNS, batch.map(invoiceColumns)),
            updates: ["number", "amount", "due_date", ...INVOICE_OPTIONAL.filter((c) => mapped(ctx, `invoice_${c}`))],
          }
        : null,
      // Status and resolved time move together (a CHECK ties them), so both follow the status column.
      supportCase: batch.some((r) => r.record.kind === "support_case")
        ? {
            columns: columns(CASE_COLUMNS, batch.map(caseColumns)),
            updates: [
              "opened_at",
              "sla_due_at",
              ...(mapped(ctx, "case_severity") ? ["severity"] : []),
              ...(mapped(ctx, "case_status") ? ["status", "resolved_at", "open_recorded_at"] : []),
            ],
          }
        : null,
    });
    return { newIds, statement };
  },

  async write(trx, ctx, batch, prepared) {
    const { newIds, statement } =
      (prepared as PreparedBatch | undefined) ?? (touchpointWriter.prepare!(ctx, batch) as PreparedBatch);
    const result = await runTouchpointBatch(trx, statement);
    // New rows took the ids chosen here; the statement tells the existing rows' own.
    const rows = batch.map((r, i) => {
      const existingId = result.existing.get(i);
      return { ...r, id: existingId ?? newIds[i]!, existed: existingId !== undefined };
    });
    const factsChanged = result.factsChanged;
    const existing = rows.filter((r) => r.existed);
    if (mapped(ctx, "stakeholders")) {
      for (const id of await syncParticipants(trx, rows, existing)) factsChanged.add(id);
    } else {
      await followOccurredAt(trx, [...result.updated]);
    }

    // A touchpoint whose facts or participants changed is a new version too (an open editor must not overwrite it).
    const bumped = existing.filter((r) => factsChanged.has(r.id) && !result.updated.has(r.id));
    if (bumped.length) {
      await sql`update touchpoints set version = version + 1, updated_at = now()
        where account_id = any(${[...new Set(bumped.map((r) => r.accountId))]}::uuid[])
          and id = any(${bumped.map((r) => r.id)}::uuid[])`.execute(trx);
    }
    // Each touchpoint the file adds is logged, as the log form's are: the same webhook event, in this transaction.
    await emitWebhookEvents(
      trx,
      rows
        .filter((r) => !r.existed)
        .map((r) => ({ type: "touchpoint.logged" as const, accountId: r.accountId, data: touchpointData(r.accountId, r.id) })),
    );
    return rows.map((r): WrittenRow => ({
      line: r.line,
      accountId: r.accountId,
      outcome: !r.existed ? "inserted" : result.updated.has(r.id) || factsChanged.has(r.id) ? "updated" : "unchanged",
    }));
  },
};

const ADVOCACY_COLUMNS = ["advocacy_polarity", "advocacy_source", "advocacy_stakeholder_id"] as const;
const TOUCHPOINT_COLUMNS = [
  "account_id",
  "external_id",
  "kind",
  "occurred_at",
  "author_id",
  "source",
  ...ADVOCACY_COLUMNS,
  ...OPTIONAL_COLUMNS,
] as const;
const INVOICE_COLUMNS = ["number", "amount", "currency", "due_date", "paid_on", "disputed", "dispute_reason"] as const;
/** Invoice facts the file may leave out (mapped as invoice_<column>): then an existing invoice keeps its own. */
const INVOICE_OPTIONAL = ["currency", "paid_on", "disputed", "dispute_reason"] as const;
const CASE_COLUMNS = ["severity", "status", "opened_at", "sla_due_at", "resolved_at", "open_recorded_at"] as const;

function touchpointColumns(ctx: WriteContext, r: ResolvedTouchpoint) {
  const v = r.record;
  return {
    account_id: r.accountId,
    external_id: v.external_id,
    kind: v.kind,
    occurred_at: v.occurred_at,
    author_id: ctx.actor.id,
    source: "import",
    title: v.title ?? (v.kind === "invoice" ? ctx.text("import.invoiceTitle", { number: v.invoice_number ?? "" }) : ""),
    summary: v.summary ?? "",
    internal_notes: v.internal_notes ?? "",
    shared_with_customer: v.shared_with_customer ?? false,
    sentiment: v.sentiment ?? null,
    treatment: v.treatment ?? null,
    resolved: v.resolved ?? null,
    emotion_tags: v.emotion_tags ?? [],
    moment_of_truth: v.moment_of_truth ?? false,
    positive_surprise: v.positive_surprise ?? false,
    ...advocacyColumns(v.kind, { polarity: v.advocacy_polarity, source: v.advocacy_source }, r.advocate),
  };
}

type WithId = ResolvedTouchpoint & { id: string };

/** An invoice's facts (null for a row of another kind: the statement writes facts for invoices only). */
function invoiceColumns(r: ResolvedTouchpoint): Record<(typeof INVOICE_COLUMNS)[number], unknown> {
  const v = r.record;
  const invoice = v.kind === "invoice";
  return {
    number: invoice ? v.invoice_number! : null,
    amount: invoice ? v.invoice_amount! : null,
    currency: invoice ? (v.invoice_currency ?? "EUR") : null,
    due_date: invoice ? v.invoice_due_date! : null,
    paid_on: invoice ? (v.invoice_paid_on ?? null) : null,
    disputed: invoice ? (v.invoice_disputed ?? false) : null,
    dispute_reason: invoice ? (v.invoice_dispute_reason ?? "") : null,
  };
}

/** A case row's opened and SLA times: its SLA runs from when it was opened (by default, when it happened). */
function caseTimes(v: TouchpointRow): { openedAt: Date; slaDueAt: Date } {
  const openedAt = v.case_opened_at ?? v.occurred_at;
  return { openedAt, slaDueAt: new Date(openedAt.getTime() + Math.round(v.case_sla_hours! * 60) * 60_000) };
}

/** A support case's facts (see caseTimes). */
function caseColumns(r: ResolvedTouchpoint): Record<(typeof CASE_COLUMNS)[number], unknown> {
  const v = r.record;
  if (v.kind !== "support_case")
    return { severity: null, status: null, opened_at: null, sla_due_at: null, resolved_at: null, open_recorded_at: null };
  const { openedAt, slaDueAt } = caseTimes(v);
  const closed = v.case_status === "resolved" || v.case_status === "closed";
  return {
    severity: v.case_severity ?? "normal",
    status: v.case_status ?? "open",
    opened_at: openedAt,
    sla_due_at: slaDueAt,
    resolved_at: closed ? (v.case_resolved_at ?? null) : null,
    open_recorded_at: r.openRecordedAt ?? null,
  };
}

/**
 * The rules of what an invoice or a support case keeps, as on the forms: a
 * row that gives a stored invoice or case another kind is refused at its kind
 * (app/domain/touchpoint-fact-rules.ts); one that moves a case judged against
 * its SLA opened or due later, or lowers its severity (the case_severity
 * column mapped), at that column; and one that sets a case's status (the
 * case_status column mapped) at a time its record shows it open, at its
 * case_resolved_at (app/domain/support-case-rules.ts). A refused row is added
 * to `rejected`. Returns the rows to write, each with the open_recorded_at it
 * leaves its case.
 */
async function judgeCases(
  ctx: WriteContext,
  executor: Executor,
  rows: ResolvedTouchpoint[],
  rejected: RowRejection[],
): Promise<ResolvedTouchpoint[]> {
  const stored = await storedTouchpoints(ctx, executor, rows);
  const statusMapped = mapped(ctx, "case_status");
  const severityMapped = mapped(ctx, "case_severity");
  // A time as a file gives one: the wall time in the vendor's zone.
  const reason = (b: { key: MessageKey; params?: { time: string } }) =>
    ctx.t(b.key, b.params && { time: instantToWallTime(new Date(b.params.time), TIME_ZONE).replace("T", " ") });
  const ready: ResolvedTouchpoint[] = [];
  for (const r of rows) {
    const v = r.record;
    const before = stored.get(pairKey(r.accountId, v.external_id)) ?? null;
    const c = v.kind === "support_case" ? before?.supportCase ?? null : null;
    const status = v.case_status ?? "open";
    const resolvedAt = isClosedCase(status) ? (v.case_resolved_at ?? null) : null;
    const [breach] = [
      ...kindChangeBreaches(before?.kind ?? null, v.kind),
      ...(v.kind === "support_case"
        ? caseFactsBreaches(c, { ...caseTimes(v), severity: severityMapped ? (v.case_severity ?? "normal") : undefined }, new Date())
        : []),
      ...(v.kind === "support_case" && statusMapped ? caseResolutionBreaches(c, { status, resolvedAt }) : []),
    ];
    if (breach) {
      rejected.push({ line: r.line, field: breach.field, reason: reason(breach) });
      continue;
    }
    ready.push(v.kind === "support_case" && statusMapped ? { ...r, openRecordedAt: openRecordedAtAfter(c, status) } : r);
  }
  return ready;
}

/** A touchpoint the file names as stored: its kind and its support case, if any, with its last save. */
interface StoredTouchpoint {
  kind: string;
  supportCase: (StoredCase & CaseSlaFacts) | null;
}

/** The touchpoints stored under the rows' external ids, by pairKey(account, external id). */
async function storedTouchpoints(ctx: WriteContext, executor: Executor, rows: ResolvedTouchpoint[]) {
  const found = new Map<string, StoredTouchpoint>();
  const at = (v: Date | string | null) => (v === null ? null : new Date(v));
  for (const part of chunks(rows)) {
    if (!part.length) continue;
    const result = await exclusively(ctx, () =>
      sql<{
        account_id: string;
        external_id: string;
        kind: string;
        updated_at: Date | string;
        status: string | null;
        severity: string | null;
        opened_at: Date | string | null;
        sla_due_at: Date | string | null;
        resolved_at: Date | string | null;
        open_recorded_at: Date | string | null;
      }>`
        select t.account_id, t.external_id, t.kind, t.updated_at,
          sc.status, sc.severity, sc.opened_at, sc.sla_due_at, sc.resolved_at, sc.open_recorded_at
        from touchpoints t
        join unnest(${part.map((r) => r.accountId)}::uuid[], ${part.map((r) => r.record.external_id)}::text[])
          as k(account_id, external_id) on t.account_id = k.account_id and t.external_id = k.external_id
        left join touchpoint_support_cases sc on sc.account_id = t.account_id and sc.touchpoint_id = t.id`.execute(executor),
    );
    for (const c of result.rows) {
      const supportCase =
        c.status === null
          ? null
          : {
              status: c.status,
              severity: c.severity!,
              openedAt: new Date(c.opened_at!),
              slaDueAt: new Date(c.sla_due_at!),
              resolvedAt: at(c.resolved_at),
              openRecordedAt: at(c.open_recorded_at),
              savedAt: new Date(c.updated_at),
            };
      found.set(pairKey(c.account_id, c.external_id), { kind: c.kind, supportCase });
    }
  }
  return found;
}

/** Makes each touchpoint's participants those the file lists; returns the touchpoints whose list changed. */
async function syncParticipants(trx: Trx, rows: WithId[], existing: WithId[]): Promise<string[]> {
  const wanted = rows.flatMap((r) =>
    (r.stakeholderIds ?? []).map((sid) => ({
      account_id: r.accountId,
      touchpoint_id: r.id,
      stakeholder_id: sid,
      occurred_at: r.record.occurred_at,
    })),
  );
  const changed: string[] = [];
  if (existing.length) {
    const gone = await sql<{ touchpoint_id: string }>`
      delete from touchpoint_stakeholders ts
      where ts.account_id = any(${[...new Set(existing.map((r) => r.accountId))]}::uuid[])
        and ts.touchpoint_id = any(${existing.map((r) => r.id)}::uuid[])
        and not exists (
          select 1 from unnest(${wanted.map((w) => w.touchpoint_id)}::uuid[], ${wanted.map((w) => w.stakeholder_id)}::uuid[])
            as w(touchpoint_id, stakeholder_id)
          where w.touchpoint_id = ts.touchpoint_id and w.stakeholder_id = ts.stakeholder_id)
      returning ts.touchpoint_id`.execute(trx);
    for (const r of gone.rows) changed.push(r.touchpoint_id);
  }
  if (wanted.length) {
    const added = await sql<{ touchpoint_id: string }>`
      insert into touchpoint_stakeholders (account_id, touchpoint_id, stakeholder_id, occurred_at)
      ${unnestRows(["account_id", "touchpoint_id", "stakeholder_id", "occurred_at"], wanted)}
      on conflict (account_id, touchpoint_id, stakeholder_id) do update set occurred_at = excluded.occurred_at
        where touchpoint_stakeholders.occurred_at is distinct from excluded.occurred_at
      returning touchpoint_id`.execute(trx);
    for (const r of added.rows) changed.push(r.touchpoint_id);
  }
  return changed;
}

/** Participants carry the touchpoint's time (for the "last contact" index): they follow a moved touchpoint. */
async function followOccurredAt(trx: Trx, touchpointIds: string[]) {
  if (!touchpointIds.length) return;
  await sql`
    update touchpoint_stakeholders ts set occurred_at = t.occurred_at
    from touchpoints t
    where t.account_id = ts.account_id and t.id = ts.touchpoint_id
      and t.id = any(${touchpointIds}::uuid[]) and ts.occurred_at <> t.occurred_at`.execute(trx);
}

/**
 * Ids for new touchpoints, time-ordered (UUID version 7: milliseconds since the
 * epoch, then random bits). A large import's rows then land side by side in the
 * primary key's index instead of all over it: far fewer pages touched and
 * written to the WAL.
 */
export function timeOrderedIds(count: number): string[] {
  const bytes = randomBytes(16 * count);
  const ms = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const b = bytes.subarray(i * 16, i * 16 + 16);
    b.writeUIntBE(ms, 0, 6);
    b[6] = (b[6]! & 0x0f) | 0x70;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const hex = b.toString("hex");
    ids.push(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`);
  }
  return ids;
}
