// The inbox: what a member of staff should deal with, read from its sources
// (app/models/inbox.server.ts) and put in order here. An item is identified by
// a key made of its kind and its source's id (and, where the same source can
// come back, a stamp such as the due date or the time of the customer's
// answer), so a person's done/snoozed/handed-over state (inbox_item_states)
// follows the item and a returning cause is a new item.

export const INBOX_KINDS = [
  "customer_dispute",
  "notice_contested",
  "customer_expectation",
  "survey_answer",
  "signal",
  "signal_escalation",
  "expectation_overdue",
  "expectation_due",
  "task_due",
  "planned_touchpoint",
  "review_comment",
  "captured_mail",
] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

export interface InboxItem {
  key: string;
  kind: InboxKind;
  accountId: string;
  accountName: string;
  /** The source's own id (expectation, survey answer, signal or task). */
  sourceId: string;
  /** When it happened: the customer's answer, the signal's first sighting, the due date for due items. */
  at: string;
  dueOn: string | null;
  /** The source's own words: an expectation's or task's title, a signal's rule, a survey answer's comment. */
  title: string;
  /** A survey answer from a detractor (NPS 0–6, CSAT 1–2), a dispute of a delivery not made at all, a High signal. */
  pressing: boolean;
  /** Extra facts the renderer uses (score, survey kind, severity, response). */
  details: Record<string, string | number | null>;
  /** A risk signal's stored params (signal and signal_escalation items): its reason in words, as the risk pages give it. */
  signalParams?: unknown;
}

export interface InboxItemState {
  item_key: string;
  done_at: Date | string | null;
  snoozed_until: string | null;
  handed_to: string | null;
}

/** `kind:sourceId` or `kind:sourceId@stamp`. */
export function inboxItemKey(kind: InboxKind, sourceId: string, stamp?: string | number | null): string {
  return stamp === undefined || stamp === null || stamp === "" ? `${kind}:${sourceId}` : `${kind}:${sourceId}@${stamp}`;
}

export function parseInboxItemKey(key: string): { kind: InboxKind; sourceId: string; stamp: string | null } | null {
  const match = /^([a-z_]+):([0-9a-f-]{36})(?:@([0-9A-Za-z:._-]{1,40}))?$/.exec(key);
  if (!match || !(INBOX_KINDS as readonly string[]).includes(match[1]!)) return null;
  return { kind: match[1] as InboxKind, sourceId: match[2]!, stamp: match[3] ?? null };
}

/** NPS 0–6 and CSAT 1–2 are detractors. */
export function isDetractor(kind: "nps" | "csat", score: number): boolean {
  return kind === "nps" ? score <= 6 : score <= 2;
}

/**
 * How pressing an item is: 0 what a customer said against us (disputes,
 * detractors) and pressing signals; 1 what is overdue; 2 everything else.
 */
export function inboxTier(item: Pick<InboxItem, "kind" | "pressing" | "dueOn">, today: string): 0 | 1 | 2 {
  if (item.pressing && item.kind !== "task_due" && item.kind !== "expectation_overdue") return 0;
  if (item.kind === "customer_dispute" || item.kind === "notice_contested" || item.kind === "signal_escalation") return 0;
  if (item.kind === "expectation_overdue") return 1;
  if ((item.kind === "task_due" || item.kind === "planned_touchpoint") && item.dueOn !== null && item.dueOn < today) return 1;
  return 2;
}

/** Most pressing first: disputes and detractors, then what is overdue, then the newest. */
export function orderInbox<T extends InboxItem>(items: readonly T[], today: string): T[] {
  return [...items].sort((a, b) => {
    const tier = inboxTier(a, today) - inboxTier(b, today);
    if (tier !== 0) return tier;
    if (a.at !== b.at) return a.at < b.at ? 1 : -1;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
}

/**
 * Whether a person sees an item, given their own state for it: not when done,
 * not while snoozed (it comes back on the day it was snoozed to), not once
 * handed to someone else.
 */
export function visibleToday(state: InboxItemState | undefined, userId: string, today: string): boolean {
  if (!state) return true;
  if (state.done_at) return false;
  if (state.snoozed_until && state.snoozed_until > today) return false;
  if (state.handed_to && state.handed_to !== userId) return false;
  return true;
}

export type InboxRefusal = "selfHandOver" | "notStaff" | "snoozeNotAhead" | "snoozeTooFar";

/** A hand-over goes to another active member of staff. */
export function handOverRefusal(
  actorId: string,
  target: { id: string; role: string; disabled_at: Date | string | null } | undefined,
): InboxRefusal | null {
  if (!target || target.disabled_at !== null || !["kam", "director", "admin"].includes(target.role)) return "notStaff";
  if (target.id === actorId) return "selfHandOver";
  return null;
}

/** Snoozing is to a day after today and at most a year ahead. */
export function snoozeRefusal(until: string, today: string, maxDays = 366): InboxRefusal | null {
  if (until <= today) return "snoozeNotAhead";
  const limit = new Date(`${today}T00:00:00Z`);
  limit.setUTCDate(limit.getUTCDate() + maxDays);
  if (until > limit.toISOString().slice(0, 10)) return "snoozeTooFar";
  return null;
}

/** The inbox settings an administrator may change (app_settings "inbox"). */
export interface InboxSettings {
  /** A director's inbox shows the portfolio's High signals not acknowledged within this many days. */
  escalationDays: number;
  /** Expectations and tasks due within this many days are in the inbox. */
  dueSoonDays: number;
  /** Survey answers from this many days back are in the inbox until marked done. */
  surveyDays: number;
  /** Signal rules that open a task for the account's KAM when they are raised (once per raising). */
  playbookRules: string[];
}

export const DEFAULT_INBOX_SETTINGS: InboxSettings = {
  escalationDays: 3,
  dueSoonDays: 7,
  surveyDays: 30,
  playbookRules: [],
};

export function resolveInboxSettings(value: unknown): InboxSettings {
  const v = (value && typeof value === "object" ? value : {}) as Partial<Record<keyof InboxSettings, unknown>>;
  const int = (x: unknown, min: number, max: number, fallback: number) =>
    typeof x === "number" && Number.isInteger(x) && x >= min && x <= max ? x : fallback;
  return {
    escalationDays: int(v.escalationDays, 1, 90, DEFAULT_INBOX_SETTINGS.escalationDays),
    dueSoonDays: int(v.dueSoonDays, 0, 60, DEFAULT_INBOX_SETTINGS.dueSoonDays),
    surveyDays: int(v.surveyDays, 1, 365, DEFAULT_INBOX_SETTINGS.surveyDays),
    playbookRules: Array.isArray(v.playbookRules) ? v.playbookRules.filter((r): r is string => typeof r === "string").slice(0, 50) : [],
  };
}

/** Where an item's evidence is. */
export function inboxItemHref(item: Pick<InboxItem, "kind" | "accountId" | "sourceId" | "details">): string {
  const base = `/accounts/${item.accountId}`;
  switch (item.kind) {
    case "customer_dispute":
    case "notice_contested":
    case "customer_expectation":
    case "expectation_overdue":
    case "expectation_due":
      return `${base}/expectations/${item.sourceId}`;
    case "signal": {
      const kind = item.details.evidenceKind;
      const id = item.details.evidenceId;
      if (kind === "expectation") return `${base}/expectations/${id}`;
      if (kind === "stakeholder") return `${base}/committee/${id}`;
      if (kind === "touchpoint") return `${base}/touchpoints/${id}`;
      return base;
    }
    case "task_due":
      return `${base}/tasks`;
    case "planned_touchpoint":
      return `${base}/touchpoints/new?plan=${item.sourceId}`;
    case "review_comment":
      return `${base}/reviews/${String(item.details.reviewId ?? "")}`;
    case "captured_mail":
      // On no account yet: it is placed from My work.
      return `/my-work#mail-${item.sourceId}`;
    default:
      return base;
  }
}
