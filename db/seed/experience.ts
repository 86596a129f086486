// How a generated touchpoint felt to the customer, apart from what happened
// (issue 14): felt treatment (1–5), whether the matter was resolved, moments of
// truth and positive surprises by kind, and the customer's own CSAT answer that
// confirms a staff reading (countedReadings in app/domain/health.ts).
//
// Most encounters sit on the diagonal (treated well and solved, or neither);
// a few support cases and deliveries are solved but treated badly, or treated
// well though not solved — the two corners of the texts' Virgin Media finding —
// more of the first kind at a troubled account. Invoices and deliveries are
// often moments of truth, support cases when they are severe, business reviews
// by nature; e-mail and chat rarely.
import type { Rng } from "./random.ts";
import { clamp, DAY, type AccountRows, type AccountScope } from "./rows.ts";
import {
  EMOTIONS_NEGATIVE,
  EMOTIONS_POSITIVE,
  SOLVED_BADLY_SUMMARIES,
  SUMMARIES_BY_TONE,
  SURVEY_TOOL_NAME,
  WELL_UNSOLVED_SUMMARIES,
} from "./words.ts";

type Touchpoint = AccountRows["touchpoints"][number];
type SupportCase = AccountRows["supportCases"][number];

/** The share of touchpoints of a kind that staff mark as a moment of truth (severe cases, large or disputed invoices: see below). */
export const MOMENT_OF_TRUTH: Record<string, number> = {
  business_review: 0.3,
  delivery: 0.14,
  support_case: 0.06,
  invoice: 0.02,
  training: 0.06,
  event: 0.05,
  meeting: 0.04,
  call: 0.02,
  email: 0.005,
  chat: 0.005,
};
/** The share of favourably felt touchpoints of a kind marked a positive surprise. */
const POSITIVE_SURPRISE: Record<string, number> = {
  delivery: 0.08,
  support_case: 0.08,
  business_review: 0.06,
  training: 0.06,
  event: 0.05,
  meeting: 0.04,
  call: 0.02,
  email: 0.01,
};
/** Kinds where a matter is at stake, so "was it resolved" is recorded; a meeting or a training resolves nothing. */
const MATTER_KINDS = new Set(["support_case", "delivery", "invoice", "call", "email", "chat"]);
/** Invoices from this amount are the big ones a customer looks at closely: a moment of truth. */
const LARGE_INVOICE = 55_000;

export const toneOf = (sentiment: number | null) =>
  sentiment === null || sentiment === 0 ? "neutral" : sentiment < 0 ? "negative" : "positive";

/** Felt treatment follows the mood of the encounter, never crossing to the other side of neutral. */
export function treatmentFor(rng: Rng, sentiment: number): number {
  const r = rng.next();
  if (sentiment >= 2) return r < 0.75 ? 5 : 4;
  if (sentiment === 1) return r < 0.7 ? 4 : r < 0.85 ? 5 : 3;
  if (sentiment === 0) return r < 0.75 ? 3 : 4;
  if (sentiment === -1) return r < 0.6 ? 2 : r < 0.85 ? 3 : 1;
  return r < 0.6 ? 1 : 2;
}

/** The experience fields of a new touchpoint of `kind` with `sentiment` (null: not rated). */
export function feltFields(rng: Rng, kind: string, sentiment: number | null, momentOfTruth: boolean) {
  const negative = sentiment !== null && sentiment < 0;
  return {
    treatment: sentiment === null ? null : treatmentFor(rng, sentiment),
    resolved:
      sentiment === null || !MATTER_KINDS.has(kind)
        ? null
        : negative
          ? rng.pick(["partly", "no"] as const)
          : rng.weighted([
              ["yes", 6],
              ["partly", 1],
            ] as const),
    emotion_tags:
      sentiment === null || rng.chance(0.5) ? [] : [rng.pick(negative ? EMOTIONS_NEGATIVE : EMOTIONS_POSITIVE)],
    moment_of_truth: momentOfTruth,
    positive_surprise: sentiment !== null && sentiment > 0 && rng.chance(POSITIVE_SURPRISE[kind] ?? 0),
  };
}

/** Moves a rated touchpoint's sentiment, treatment, words and emotions to the side of what happened. */
export function feltAs(rng: Rng, touchpoint: Touchpoint, side: "good" | "bad") {
  if (touchpoint.sentiment == null) return;
  const sentiment = side === "good" ? Math.max(touchpoint.sentiment, 0) : Math.min(touchpoint.sentiment, -1);
  if (sentiment === touchpoint.sentiment) return;
  touchpoint.sentiment = sentiment;
  touchpoint.treatment = treatmentFor(rng, sentiment);
  touchpoint.summary = rng.pick(SUMMARIES_BY_TONE[toneOf(sentiment)]);
  touchpoint.emotion_tags = rng.chance(0.5) ? [] : [rng.pick(sentiment < 0 ? EMOTIONS_NEGATIVE : EMOTIONS_POSITIVE)];
  if (sentiment <= 0) touchpoint.positive_surprise = false;
}

/** One of the two corners: solved but treated badly, or treated well but not solved (the staff's words say which). */
function corner(
  rng: Rng,
  touchpoint: Touchpoint,
  which: "solved_badly" | "well_unsolved",
  kind: "support_case" | "delivery",
) {
  const badly = which === "solved_badly";
  touchpoint.sentiment = badly ? 0 : rng.pick([0, 1]);
  touchpoint.treatment = badly ? (rng.chance(0.25) ? 1 : 2) : rng.chance(0.6) ? 4 : 5;
  touchpoint.resolved = badly ? "yes" : rng.pick(["no", "partly"] as const);
  touchpoint.summary = rng.pick((badly ? SOLVED_BADLY_SUMMARIES : WELL_UNSOLVED_SUMMARIES)[kind]);
  touchpoint.emotion_tags = [rng.pick(badly ? ["frustrated", "ignored"] : ["reassured", "valued"])];
  touchpoint.positive_surprise = false;
}

const troubled = (scope: AccountScope) => scope.character.reliability < 0.6;

/**
 * The experience agrees with what happened: a case solved past its SLA is not a
 * good experience, an open case is not resolved; a case solved in time is not
 * an unhappy one, though now and then the customer was treated badly on the
 * way (more often at a troubled account). Now and then a case is closed without
 * a fix: the customer was treated well all the same, or (at a troubled account
 * more often) neither.
 */
export function caseExperience(rng: Rng, scope: AccountScope, touchpoint: Touchpoint, supportCase: SupportCase) {
  const sla = (supportCase.sla_due_at as Date).getTime();
  const resolvedAt = supportCase.resolved_at ? (supportCase.resolved_at as Date).getTime() : null;
  const late = resolvedAt === null ? scope.today.getTime() > sla : resolvedAt > sla;
  if (supportCase.severity === "critical" || (supportCase.severity === "high" && rng.chance(0.4)))
    markMoment(rng, touchpoint, "support_case");
  if (touchpoint.sentiment == null) return;
  if (resolvedAt === null) {
    touchpoint.resolved = "no";
    if (late) feltAs(rng, touchpoint, "bad");
    return;
  }
  if (late) {
    // Solved too late: an unhappy outcome, though mostly not an unkind one.
    feltAs(rng, touchpoint, "bad");
    touchpoint.treatment = rng.chance(0.6) ? 3 : Math.min(touchpoint.treatment ?? 2, 2);
    touchpoint.resolved = "yes";
    return;
  }
  const which = rng.weighted([
    ["solved_badly", troubled(scope) ? 0.16 : 0.05],
    ["well_unsolved", 0.07],
    ["neither", troubled(scope) ? 0.08 : 0.02],
    ["plain", 1],
  ] as const);
  if (which === "plain") {
    feltAs(rng, touchpoint, "good");
    touchpoint.resolved = "yes";
    return;
  }
  // Closed without a fix: treated well (the other corner), or not (the worst of both).
  if (which !== "solved_badly") supportCase.status = "closed";
  if (which === "neither") {
    feltAs(rng, touchpoint, "bad");
    touchpoint.resolved = "no";
    return;
  }
  corner(rng, touchpoint, which, "support_case");
}

/** A rated delivery now and then lands in a corner: delivered in full but handled badly, or short but handled well. */
export function deliveryExperience(rng: Rng, scope: AccountScope, touchpoint: Touchpoint) {
  if (touchpoint.sentiment == null) return;
  const which = rng.weighted([
    ["solved_badly", troubled(scope) ? 0.12 : 0.04],
    ["well_unsolved", 0.06],
    ["plain", 1],
  ] as const);
  if (which !== "plain") corner(rng, touchpoint, which, "delivery");
}

/** A large invoice is read closely, a disputed one is a moment of truth that went badly (not settled while disputed). */
export function invoiceExperience(rng: Rng, touchpoint: Touchpoint, invoice: AccountRows["invoices"][number]) {
  if (invoice.disputed) {
    markMoment(rng, touchpoint, "invoice", -1);
    feltAs(rng, touchpoint, "bad");
    touchpoint.resolved = "no";
  } else if (Number(invoice.amount) >= LARGE_INVOICE) {
    markMoment(rng, touchpoint, "invoice", rng.pick([0, 1]));
  }
}

/** Marks a moment of truth; staff record how it went, so an unrated one gets its reading (`sentiment`, else neutral). */
function markMoment(rng: Rng, touchpoint: Touchpoint, kind: string, sentiment = 0) {
  touchpoint.moment_of_truth = true;
  if (touchpoint.sentiment != null) return;
  touchpoint.sentiment = sentiment;
  Object.assign(touchpoint, feltFields(rng, kind, sentiment, true));
  touchpoint.summary = rng.pick(SUMMARIES_BY_TONE[toneOf(sentiment)]);
}

/** How likely the customer answers the survey tool's CSAT question after a touchpoint of the kind. */
const SURVEYED: Record<string, number> = {
  support_case: 0.35,
  training: 0.35,
  business_review: 0.3,
  delivery: 0.2,
  event: 0.2,
  meeting: 0.08,
  call: 0.03,
};
/** How likely a portal user answers the portal's CSAT question about a shared touchpoint. */
const PORTAL_ANSWERS = 0.45;
/** The portal has been in use for the last half year. */
const PORTAL_DAYS = 180;
const NOT_RATEABLE = new Set(["invoice", "committee_change", "survey", "word_of_mouth", "other"]);

/**
 * Now and then the customer answers a CSAT question about the touchpoint: the
 * survey tool asks after support cases, trainings, reviews and deliveries; in
 * the last half year a portal user also answers the portal's question about a
 * touchpoint shared with them. The score agrees with how they felt treated and
 * how it went, so a favourable staff reading is confirmed (4–5) only where the
 * customer felt it too.
 */
export function customerCsat(
  rng: Rng,
  scope: AccountScope,
  touchpoint: Touchpoint,
  participants: string[],
  present: AccountRows["stakeholders"],
  surveys: AccountRows["surveys"],
) {
  if (NOT_RATEABLE.has(touchpoint.kind as string)) return;
  const occurredAt = touchpoint.occurred_at as Date;
  const viaPortal =
    scope.portalStakeholderId != null &&
    touchpoint.shared_with_customer === true &&
    occurredAt.getTime() > scope.today.getTime() - PORTAL_DAYS * DAY &&
    rng.chance(PORTAL_ANSWERS);
  if (!viaPortal && !rng.chance(SURVEYED[touchpoint.kind as string] ?? 0)) return;
  const who = viaPortal
    ? scope.portalStakeholderId!
    : participants.length
      ? rng.pick(participants)
      : present.length
        ? rng.pick(present).id
        : null;
  if (!who) return;
  const answeredAt = new Date(occurredAt.getTime() + rng.int(2, 72) * 3_600_000);
  if (answeredAt > scope.today) return;
  surveys.push({
    account_id: scope.accountId,
    id: rng.uuid(),
    stakeholder_id: who,
    kind: "csat",
    score: csatScore(rng, touchpoint),
    touchpoint_id: touchpoint.id,
    answered_at: answeredAt,
    source: viaPortal ? "portal" : "survey_tool",
    source_name: viaPortal ? "" : SURVEY_TOOL_NAME,
  });
}

/** Mostly how they felt treated, partly how it went; a little noise. */
function csatScore(rng: Rng, touchpoint: Touchpoint): number {
  const noise = rng.weighted([
    [0, 7],
    [-1, 1.5],
    [1, 1.5],
  ] as const);
  if (touchpoint.sentiment == null || touchpoint.treatment == null) return clamp(3 + rng.int(0, 1) + noise, 1, 5);
  return clamp(Math.round(0.6 * touchpoint.treatment + 0.4 * (3 + touchpoint.sentiment)) + noise, 1, 5);
}
