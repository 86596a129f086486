// Matching an evaluation's signals with the stored ones: what to insert,
// refresh, supersede (worse since acknowledged) and resolve.
import type { RiskSignal } from "./signal.ts";

/**
 * Whether any level is above the one the acknowledgement saw. Only levels both
 * have are compared: an acknowledgement that saw none (given before levels were
 * kept) is brought up to date by the store instead of re-raising the signal.
 */
export function isEscalated(current: readonly number[] | undefined, acknowledged: readonly number[]): boolean {
  return (current ?? []).some((level, i) => i < acknowledged.length && level > acknowledged[i]!);
}

export interface StoredSignal {
  key: string;
  acknowledgedAt: Date | string | null;
  resolvedAt: Date | string | null;
  /** The escalation levels the acknowledgement saw; null when not acknowledged (or before levels were kept). */
  ackEscalation?: readonly number[] | null;
}

export interface SignalReconciliation<T extends StoredSignal> {
  /** Keys never seen before: insert as open. */
  insert: RiskSignal[];
  /** Keys whose earlier instances were all resolved: insert a new open instance (no acknowledgement). */
  reopen: RiskSignal[];
  /** Still open and still firing: refresh last seen and params; the acknowledgement stays. */
  refresh: { signal: RiskSignal; stored: T }[];
  /**
   * Acknowledged, still firing, and worse than when acknowledged: close the
   * acknowledged instance and open a new, unacknowledged one in its place.
   */
  escalate: { signal: RiskSignal; stored: T }[];
  /** Open stored signals no longer firing: mark resolved. */
  resolve: T[];
}

/**
 * What to write after an evaluation, given the stored signals of the account
 * (open ones and the resolved history). A key fires at most once; the first
 * signal with a key wins.
 */
export function reconcileSignals<T extends StoredSignal>(current: RiskSignal[], stored: T[]): SignalReconciliation<T> {
  const open = new Map<string, T>();
  const seen = new Set<string>();
  for (const s of stored) {
    seen.add(s.key);
    if (s.resolvedAt === null) open.set(s.key, s);
  }
  const firing = new Set<string>();
  const result: SignalReconciliation<T> = { insert: [], reopen: [], refresh: [], escalate: [], resolve: [] };
  for (const signal of current) {
    if (firing.has(signal.key)) continue;
    firing.add(signal.key);
    const openRow = open.get(signal.key);
    const worse =
      openRow?.acknowledgedAt != null &&
      openRow.ackEscalation != null &&
      isEscalated(signal.escalation, openRow.ackEscalation);
    if (openRow && worse) result.escalate.push({ signal, stored: openRow });
    else if (openRow) result.refresh.push({ signal, stored: openRow });
    else if (seen.has(signal.key)) result.reopen.push(signal);
    else result.insert.push(signal);
  }
  for (const [key, row] of open) if (!firing.has(key)) result.resolve.push(row);
  return result;
}
