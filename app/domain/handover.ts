// Successor handover. When a key person leaves the customer, what we promised
// them does not leave with them: someone at the customer still expects it. The
// KAM names a successor, and in one transaction the open expectations held by
// the one who left move to the successor (who then sees them in the portal),
// the one who left points to the successor, and the first meeting with the
// successor is put on the calendar as a moment of truth. The successor's page
// shows what was promised to the predecessor and how it went.
//
// Rules:
// - Only someone who has left can be handed over, and only once (the handover
//   is the record of who took over; undoing it is a correction by hand).
// - The successor is a present person of the same account, not the one who left.
// - What moves: expectations still open (status 'proposed' or 'open'). Resolved
//   and declined ones stay with the predecessor: they are the record of how it went.
// - The first meeting with the successor is still to be had until a meeting,
//   call or business review with them is logged on or after the handover.

import type { DeliveryOutcome } from "./vocabulary.ts";

export type HandoverRefusal =
  | "handover.notLeft"
  | "handover.alreadyHandedOver"
  | "handover.successorSelf"
  | "handover.successorNotOnAccount"
  | "handover.successorLeft";

export interface HandoverPerson {
  id: string;
  leftOn: string | null;
  successorId: string | null;
}

/** Why this handover may not be made, or null when it may. */
export function handoverRefusal(
  predecessor: HandoverPerson,
  successor: { id: string; leftOn: string | null } | undefined,
): { field: "" | "successor_id"; key: HandoverRefusal } | null {
  if (predecessor.leftOn === null) return { field: "", key: "handover.notLeft" };
  if (predecessor.successorId !== null) return { field: "", key: "handover.alreadyHandedOver" };
  if (!successor) return { field: "successor_id", key: "handover.successorNotOnAccount" };
  if (successor.id === predecessor.id) return { field: "successor_id", key: "handover.successorSelf" };
  if (successor.leftOn !== null) return { field: "successor_id", key: "handover.successorLeft" };
  return null;
}

/** The expectation statuses that move to a successor: what is still to be delivered or agreed. */
export const HANDED_OVER_STATUSES = ["proposed", "open"] as const;

export function movesToSuccessor(status: string): boolean {
  return (HANDED_OVER_STATUSES as readonly string[]).includes(status);
}

export interface PromiseForRecord {
  status: string;
  outcome: DeliveryOutcome | string | null;
  /** Judged a surprise at the account's last scoring (expectation_verdicts). */
  surprise: boolean;
  /** Moved to the successor at the handover. */
  handedOver: boolean;
}

export interface PredecessorRecord {
  /** Everything promised to them (declined proposals excluded: never promised). */
  promised: number;
  /** Delivered as promised or better (kept, exceeded). */
  kept: number;
  /** Delivered late, partly, missed or withdrawn. */
  notKept: number;
  /** Judged a surprise, whichever way it ended. */
  surprises: number;
  /** Still open when they left, moved to the successor. */
  handedOver: number;
}

/** What was promised to the one who left and how it went, as the successor's page tells it. */
export function predecessorRecord(promises: readonly PromiseForRecord[]): PredecessorRecord {
  const out: PredecessorRecord = { promised: 0, kept: 0, notKept: 0, surprises: 0, handedOver: 0 };
  for (const p of promises) {
    if (p.status === "declined") continue;
    out.promised += 1;
    if (p.surprise) out.surprises += 1;
    if (p.handedOver) out.handedOver += 1;
    if (p.status !== "resolved") continue;
    if (p.outcome === "kept" || p.outcome === "exceeded") out.kept += 1;
    else out.notKept += 1;
  }
  return out;
}

/** Kinds of touchpoint that count as having met the successor. */
export const MEETING_KINDS = ["meeting", "call", "business_review"] as const;

/**
 * Whether the first meeting with the successor is still to be had: nothing of
 * a meeting kind with them on or after the handover.
 */
export function firstMeetingPending(
  handedOverAt: Date | string,
  touchpointsWithSuccessor: readonly { kind: string; occurredAt: Date | string }[],
): boolean {
  const from = new Date(handedOverAt).getTime();
  return !touchpointsWithSuccessor.some(
    (t) => (MEETING_KINDS as readonly string[]).includes(t.kind) && new Date(t.occurredAt).getTime() >= from,
  );
}
