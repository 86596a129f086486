import { sql, type Insertable } from "kysely";
import type { RiskSignalsTable } from "#db/schema.ts";
import {
  reconcileSignals,
  type RiskSignal,
  type SignalReconciliation,
  type StoredSignal,
} from "#app/domain/risk-rules.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { NotFoundError } from "#app/utils/errors.server.ts";
import { openPlaybookTasks } from "./playbook.server.ts";
import { emitWebhookEvents, type WebhookEventInput } from "./webhook-events.server.ts";

// Stored risk signals: one open row per cause (the partial unique index on
// (account_id, key) WHERE resolved_at IS NULL). An evaluation inserts causes
// that are not open, refreshes those still firing (their acknowledgement
// stays) and resolves those that stopped. A cause that returns after it was
// resolved opens a new, unacknowledged row; the resolved one stays as history.
// An acknowledged cause that got worse than its acknowledgement saw (its
// escalation levels rose, see risk-rules.ts) is closed and a new,
// unacknowledged row opened in its place, pointing at it (escalated_from).

type Json = Insertable<RiskSignalsTable>["params"];

/**
 * Writes the outcome of an evaluation for one account and returns how many
 * signals are open afterwards. Reads only the account's open signals.
 */
export async function storeSignals(trx: Trx, accountId: string, current: RiskSignal[], now: Date): Promise<number> {
  const open = await openSignals(trx, accountId);
  const plan = reconcileSignals(
    current,
    open.map((row) => ({
      ...row,
      acknowledgedAt: row.acknowledged_at,
      resolvedAt: row.resolved_at,
      ackEscalation: row.ack_escalation,
    })),
  );
  const raised = await raiseSignals(trx, accountId, plan, now);
  await refreshSignals(trx, accountId, plan.refresh, now);
  const cleared = await resolveSignals(trx, accountId, plan.resolve, now);
  // Webhooks (their outbox), in this transaction.
  await emitWebhookEvents(trx, [...raised.events, ...cleared], now);
  return raised.opened + plan.refresh.length;
}

type StoredRow = Awaited<ReturnType<typeof openSignals>>[number];
type Plan = SignalReconciliation<StoredRow & StoredSignal>;

/** The account's open signals. */
function openSignals(trx: Trx, accountId: string) {
  return trx
    .selectFrom("risk_signals")
    .select([
      "id",
      "key",
      "rule",
      "severity",
      "params",
      "evidence_kind",
      "evidence_id",
      "escalation",
      "acknowledged_at",
      "ack_escalation",
      "resolved_at",
    ])
    .where("account_id", "=", accountId)
    .where("resolved_at", "is", null)
    .limit(10_000)
    .execute();
}

/**
 * Closes the acknowledged signals that got worse and opens their successors,
 * with the new and returning causes; the playbook's tasks and a webhook event
 * for each raised.
 */
async function raiseSignals(trx: Trx, accountId: string, plan: Plan, now: Date) {
  // Superseded first: the unique index allows one open row per key.
  if (plan.escalate.length) {
    await trx
      .updateTable("risk_signals")
      .set({ resolved_at: now, last_seen_at: now })
      .where("account_id", "=", accountId)
      .where(
        "id",
        "in",
        plan.escalate.map((e) => e.stored.id),
      )
      .execute();
  }
  const opened = [
    ...[...plan.insert, ...plan.reopen].map((signal) => ({ signal, from: null as string | null })),
    ...plan.escalate.map((e) => ({ signal: e.signal, from: e.stored.id })),
  ];
  if (!opened.length) return { opened: 0, events: [] };
  const raised = await trx
    .insertInto("risk_signals")
    .values(
      opened.map(({ signal: s, from }) => ({
        account_id: accountId,
        key: s.key,
        rule: s.rule,
        severity: s.severity,
        params: s.params as Json,
        evidence_kind: s.evidence.kind,
        evidence_id: s.evidence.id,
        escalation: s.escalation ?? [],
        escalated_from: from,
        first_seen_at: now,
        last_seen_at: now,
      })),
    )
    // Scoring locks the account first, so this only guards against a writer that did not.
    .onConflict((oc) =>
      oc
        .columns(["account_id", "key"])
        .where("resolved_at", "is", null)
        .doUpdateSet((eb) => ({
          last_seen_at: eb.ref("excluded.last_seen_at"),
          severity: eb.ref("excluded.severity"),
          params: eb.ref("excluded.params"),
          evidence_kind: eb.ref("excluded.evidence_kind"),
          evidence_id: eb.ref("excluded.evidence_id"),
          escalation: eb.ref("excluded.escalation"),
        })),
    )
    .returning(["id", "rule", "key"])
    .execute();
  const raisedId = new Map(raised.map((r) => [r.key, r.id]));
  // Rules chosen in the playbook open a task for the account's KAM, once per raising.
  await openPlaybookTasks(trx, accountId, raised);
  const events = opened.map(({ signal: s, from }): WebhookEventInput => ({
    type: "signal.raised",
    accountId,
    data: {
      signal: {
        id: raisedId.get(s.key) ?? null,
        rule: s.rule,
        severity: s.severity,
        key: s.key,
        params: s.params,
        evidence: s.evidence,
        escalated_from: from,
      },
    },
  }));
  return { opened: opened.length, events };
}

/** Signals still firing: their last sighting, and what changed about them (the acknowledgement stays). */
async function refreshSignals(trx: Trx, accountId: string, refresh: Plan["refresh"], now: Date) {
  const unchanged: string[] = [];
  for (const { signal, stored } of refresh) {
    const escalation = signal.escalation ?? [];
    // An acknowledgement that saw no levels (given before they were kept) takes today's as its own.
    const adoptLevels = stored.acknowledged_at !== null && (stored.ack_escalation ?? []).length < escalation.length;
    const same =
      stored.severity === signal.severity &&
      stored.evidence_kind === signal.evidence.kind &&
      stored.evidence_id === signal.evidence.id &&
      sameLevels(stored.escalation, escalation) &&
      !adoptLevels &&
      stableJson(stored.params) === stableJson(signal.params);
    if (same) {
      unchanged.push(stored.id);
      continue;
    }
    await trx
      .updateTable("risk_signals")
      .set({
        last_seen_at: now,
        severity: signal.severity,
        params: signal.params as Json,
        evidence_kind: signal.evidence.kind,
        evidence_id: signal.evidence.id,
        escalation,
        ...(adoptLevels ? { ack_escalation: escalation } : {}),
      })
      .where("account_id", "=", accountId)
      .where("id", "=", stored.id)
      .execute();
  }
  if (unchanged.length) {
    await trx
      .updateTable("risk_signals")
      .set({ last_seen_at: now })
      .where("account_id", "=", accountId)
      .where("id", "in", unchanged)
      .execute();
  }
}

/** Signals that stopped firing: resolved, with a webhook event for each. */
async function resolveSignals(trx: Trx, accountId: string, resolve: Plan["resolve"], now: Date) {
  if (!resolve.length) return [];
  await trx
    .updateTable("risk_signals")
    .set({ resolved_at: now })
    .where("account_id", "=", accountId)
    .where(
      "id",
      "in",
      resolve.map((s) => s.id),
    )
    .execute();
  return resolve.map((s): WebhookEventInput => ({
    type: "signal.cleared",
    accountId,
    data: { signal: { id: s.id, rule: s.rule, severity: s.severity, key: s.key } },
  }));
}

function sameLevels(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export interface AcknowledgeInput {
  accountId: string;
  signalId: string;
  userId: string;
  note: string;
  ip?: string | null;
}

/** The signal has ended (its cause went, or it was superseded by a worse one): there is nothing to acknowledge. */
export class SignalResolvedError extends Error {
  constructor() {
    super("The risk signal has already ended.");
    this.name = "SignalResolvedError";
  }
}

/**
 * Marks a signal as seen and handled for now, with a note, and keeps the
 * escalation levels it saw. It stays open while its cause lasts; if the cause
 * goes and comes back, or gets worse than these levels, the new signal is
 * unacknowledged. An ended signal is refused (SignalResolvedError). The caller
 * checks the user may (canAcknowledgeSignal).
 */
export async function acknowledgeSignal(trx: Trx, { accountId, signalId, userId, note, ip = null }: AcknowledgeInput) {
  const before = await trx
    .selectFrom("risk_signals")
    .select(["id", "key", "rule", "escalation", "acknowledged_at", "acknowledged_by", "ack_note", "resolved_at"])
    .where("account_id", "=", accountId)
    .where("id", "=", signalId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!before) throw new NotFoundError("risk signal");
  if (before.resolved_at !== null) throw new SignalResolvedError();
  const after = await trx
    .updateTable("risk_signals")
    .set({ acknowledged_at: sql`now()`, acknowledged_by: userId, ack_note: note, ack_escalation: before.escalation })
    .where("account_id", "=", accountId)
    .where("id", "=", signalId)
    .returning(["id", "key", "rule", "acknowledged_at", "acknowledged_by", "ack_note", "ack_escalation", "resolved_at"])
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    actorId: userId,
    accountId,
    entity: "risk_signal",
    entityId: signalId,
    action: "acknowledge",
    before,
    after,
    ip,
  });
  return after;
}

/** JSON with object keys sorted, so a jsonb value read back compares equal to what was written. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
