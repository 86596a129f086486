// The timeline of a generated account: touchpoints with the people met, and the
// invoice, support-case and CSAT rows some of them carry.
import type { Rng } from "./random.ts";
import {
  caseExperience,
  customerCsat,
  deliveryExperience,
  feltFields,
  invoiceExperience,
  MOMENT_OF_TRUTH,
  toneOf,
} from "./experience.ts";
import { addDays, clamp, DAY, isoDate, type AccountRows, type AccountScope } from "./rows.ts";
import {
  ADVOCACY_SOURCES,
  DISPUTE_REASONS,
  INTERNAL_NOTE,
  KIND_WEIGHTS,
  SUMMARIES_BY_TONE,
  TITLES,
  TWO_WAY,
} from "./words.ts";

type Rows = Pick<
  AccountRows,
  "touchpoints" | "touchpointStakeholders" | "touchpointUsers" | "invoices" | "supportCases" | "surveys"
>;
type Touchpoint = AccountRows["touchpoints"][number];

/** `count` touchpoints spread over [historyStart, today], in business hours. */
export function generateTouchpoints(
  rng: Rng,
  scope: AccountScope,
  stakeholders: AccountRows["stakeholders"],
  historyStart: Date,
  count: number,
  rows: Rows,
): void {
  const { today, accountId, ownerId } = scope;
  const spanMs = today.getTime() - historyStart.getTime();
  let invoiceNo = 0;
  for (let t = 0; t < count; t++) {
    const kindName = rng.weighted(KIND_WEIGHTS);
    // Business hours, Helsinki (UTC+2/3): 05:00–15:00 UTC.
    const day = new Date(historyStart.getTime() + Math.floor(rng.next() * spanMs));
    const occurredAt = new Date(
      Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), rng.int(5, 14), rng.pick([0, 15, 30, 45])),
    );
    if (occurredAt > today) continue;
    const id = rng.uuid();
    const ageShare = 1 - (today.getTime() - occurredAt.getTime()) / Math.max(spanMs, DAY); // 0 old .. 1 now
    if (kindName === "invoice") invoiceNo += 1;
    const touchpoint = touchpointRow(rng, scope, { id, kindName, occurredAt, ageShare, invoiceNo });
    if (kindName === "word_of_mouth") advocacy(touchpoint, scope, stakeholders, occurredAt);
    rows.touchpoints.push(touchpoint);
    rows.touchpointUsers.push({ account_id: accountId, touchpoint_id: id, user_id: ownerId });
    const participants = TWO_WAY.has(kindName) ? meetPeople(rng, scope, stakeholders, touchpoint, rows) : [];
    if (kindName === "invoice") {
      const invoice = invoiceRow(rng, scope, id, occurredAt, invoiceNo);
      rows.invoices.push(invoice);
      invoiceExperience(rng, touchpoint, invoice);
    }
    if (kindName === "support_case") {
      const supportCase = supportCaseRow(rng, scope, id, occurredAt);
      rows.supportCases.push(supportCase);
      caseExperience(rng, scope, touchpoint, supportCase);
    }
    if (kindName === "delivery") deliveryExperience(rng, scope, touchpoint);
    customerCsat(rng, scope, touchpoint, participants, presentAt(stakeholders, occurredAt), rows.surveys);
  }
}

const presentAt = (stakeholders: AccountRows["stakeholders"], at: Date) =>
  stakeholders.filter((p) => !p.left_on || p.left_on > isoDate(at));

/**
 * Word of mouth, and now and then a reference or a referral instead: a satisfied
 * customer (mood at or above zero, the touchpoint not felt as bad) sometimes
 * speaks for us to a prospect, naming one of its present people. Decided from
 * the touchpoint's id, not the random stream, so the rest of the data stays as
 * it was before these kinds existed.
 */
function advocacy(
  touchpoint: Touchpoint,
  scope: AccountScope,
  stakeholders: AccountRows["stakeholders"],
  occurredAt: Date,
) {
  const h = Number.parseInt(touchpoint.id.replace(/-/g, "").slice(-6), 16);
  const negative = (touchpoint.sentiment ?? scope.character.mood) < 0;
  const kind = negative || h % 4 >= 2 ? "word_of_mouth" : h % 4 === 0 ? "reference_given" : "referral_given";
  const present = presentAt(stakeholders, occurredAt);
  const person = kind !== "word_of_mouth" || h % 3 === 0 ? (present[h % Math.max(present.length, 1)] ?? null) : null;
  const sources = ADVOCACY_SOURCES[kind];
  touchpoint.kind = kind;
  if (kind !== "word_of_mouth") touchpoint.title = TITLES[kind]![h % TITLES[kind]!.length]!;
  touchpoint.advocacy_polarity = negative ? "negative" : "positive";
  touchpoint.advocacy_source = sources[(h >> 4) % sources.length]!;
  touchpoint.advocacy_stakeholder_id = person?.id ?? null;
}

function touchpointRow(
  rng: Rng,
  scope: AccountScope,
  t: { id: string; kindName: string; occurredAt: Date; ageShare: number; invoiceNo: number },
): Touchpoint {
  const { mood, declining } = scope.character;
  const { id, kindName, occurredAt, ageShare } = t;
  const tendency = mood - (declining ? ageShare * ageShare * 2.2 : 0);
  const momentOfTruth = rng.chance(MOMENT_OF_TRUTH[kindName] ?? 0);
  const rated =
    momentOfTruth || (kindName !== "invoice" && kindName !== "word_of_mouth" ? rng.chance(0.75) : rng.chance(0.2));
  const sentiment = rated ? clamp(Math.round(tendency + (rng.next() - 0.5) * 2.4), -2, 2) : null;
  const negative = sentiment !== null && sentiment < 0;
  return {
    account_id: scope.accountId,
    id,
    external_id: null,
    kind: kindName,
    occurred_at: occurredAt,
    recorded_at: new Date(occurredAt.getTime() + rng.int(5, 600) * 60_000),
    author_id: scope.ownerId,
    source:
      kindName === "invoice" || kindName === "support_case"
        ? rng.weighted([
            ["import", 3],
            ["internal", 1],
          ] as const)
        : "internal",
    title: kindName === "invoice" ? `Lasku ${scope.index + 1}-${t.invoiceNo}` : rng.pick(TITLES[kindName]!),
    summary: rng.pick(SUMMARIES_BY_TONE[toneOf(sentiment)]),
    internal_notes: negative && rng.chance(0.3) ? INTERNAL_NOTE : "",
    shared_with_customer: rng.chance(kindName === "delivery" || kindName === "business_review" ? 0.8 : 0.35),
    sentiment,
    ...feltFields(rng, kindName, sentiment, momentOfTruth),
    advocacy_polarity: null,
    advocacy_source: null,
    advocacy_stakeholder_id: null,
    created_at: occurredAt,
    updated_at: occurredAt,
  };
}

/** The people present at a two-way touchpoint (their ids). */
function meetPeople(
  rng: Rng,
  scope: AccountScope,
  stakeholders: AccountRows["stakeholders"],
  touchpoint: Touchpoint,
  rows: Rows,
): string[] {
  const { accountId } = scope;
  const occurredAt = touchpoint.occurred_at as Date;
  const present = presentAt(stakeholders, occurredAt);
  // Decision makers and champions are met more often than the rest.
  const weightedPool = present.flatMap((p) =>
    p.committee_role === "decision_maker" || p.committee_role === "champion" ? [p, p, p] : [p],
  );
  const chosen = new Set<string>();
  for (let k = rng.int(1, 3); k > 0 && weightedPool.length; k--) chosen.add(rng.pick(weightedPool).id);
  for (const stakeholderId of chosen) {
    rows.touchpointStakeholders.push({
      account_id: accountId,
      touchpoint_id: touchpoint.id,
      stakeholder_id: stakeholderId,
      occurred_at: occurredAt,
    });
  }
  return [...chosen];
}

function invoiceRow(
  rng: Rng,
  scope: AccountScope,
  touchpointId: string,
  occurredAt: Date,
  invoiceNo: number,
): AccountRows["invoices"][number] {
  const { reliability } = scope.character;
  const due = addDays(occurredAt, 30);
  const ageDays = (scope.today.getTime() - due.getTime()) / DAY;
  // Invoices get paid: one not yet due is mostly open, an overdue one stays
  // unpaid only for a few weeks (at a less reliable customer), and a dispute is
  // about a recent invoice (an old one was settled and paid).
  const recent = ageDays <= 45;
  const unpaid = ageDays < 0 ? rng.chance(0.8) : recent && rng.chance((1 - reliability) * 1.2);
  const disputed = recent && rng.chance((1 - reliability) * 0.15);
  return {
    account_id: scope.accountId,
    touchpoint_id: touchpointId,
    number: `INV-${scope.index + 1}-${invoiceNo}`,
    amount: (rng.int(500, 60_000) + rng.int(0, 99) / 100).toFixed(2),
    currency: "EUR",
    due_date: isoDate(due),
    paid_on: unpaid || disputed ? null : isoDate(minDate(addDays(due, rng.int(-10, 12)), addDays(scope.today, -1))),
    disputed,
    dispute_reason: disputed ? rng.pick(DISPUTE_REASONS) : "",
  };
}

const minDate = (a: Date, b: Date) => (a < b ? a : b);

function supportCaseRow(
  rng: Rng,
  scope: AccountScope,
  touchpointId: string,
  occurredAt: Date,
): AccountRows["supportCases"][number] {
  const { today } = scope;
  const severity = rng.weighted([
    ["low", 3],
    ["normal", 5],
    ["high", 2],
    ["critical", 1],
  ] as const);
  const slaHours = { low: 72, normal: 24, high: 8, critical: 4 }[severity];
  const sla = new Date(occurredAt.getTime() + slaHours * 3_600_000);
  // Open cases are from the last ten days: older ones were escalated and solved,
  // so "hours past SLA" stay believable. A reliable account's open cases are
  // mostly still within their SLA; a troubled one's may have run past it.
  const ageHours = (today.getTime() - occurredAt.getTime()) / 3_600_000;
  const reliable = scope.character.reliability >= 0.8;
  const open = ageHours < 240 && rng.chance(ageHours < slaHours ? 0.7 : reliable ? 0.05 : 0.5);
  const speed = scope.character.reliability > 0.8 ? 0.8 : 1.6;
  const resolvedAt = open ? null : new Date(occurredAt.getTime() + slaHours * 3_600_000 * (0.3 + rng.next() * speed));
  return {
    account_id: scope.accountId,
    touchpoint_id: touchpointId,
    severity,
    status: open
      ? rng.weighted([
          ["open", 3],
          ["waiting", 1],
        ] as const)
      : rng.weighted([
          ["resolved", 1],
          ["closed", 3],
        ] as const),
    opened_at: occurredAt,
    sla_due_at: sla,
    resolved_at: resolvedAt && resolvedAt > today ? today : resolvedAt,
  };
}
