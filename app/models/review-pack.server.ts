import { addDays, addMonthsToInstant, dateOf, type DateWindow } from "#app/domain/dates.ts";
import { buildReviewPack, previousPeriod, type ReviewExpectationRow, type ReviewPack } from "#app/domain/review-pack.ts";
import { TIME_ZONE, wallTimeToInstant } from "#app/domain/time.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { loadScoringSettings } from "./scoring-settings.server.ts";
import { loadScoredExpectations } from "./scoring-inputs.server.ts";

// The rows a review pack is built from, read for one account and period in a
// few bounded, index-backed queries, and the pack built by the domain
// (app/domain/review-pack.ts). The expectations are the ones the account page
// reads for the same window (loadScoredExpectations, here from the start of
// the period before, for the comparison), so the figures are the page's.

const LIMIT = 5000;

/** The first instant of a vendor's calendar day. */
const dayStart = (date: string) => wallTimeToInstant(`${date}T00:00`, TIME_ZONE);

export async function computeReviewPack(
  executor: Executor,
  accountId: string,
  period: DateWindow,
  options: { today: string; now: Date },
): Promise<ReviewPack> {
  const from = dayStart(period.from);
  const until = dayStart(addDays(period.to, 1));
  const [{ settings }, scored, created, stakeholders] = await Promise.all([
    loadScoringSettings(executor),
    loadScoredExpectations(executor, accountId, previousPeriod(period).from),
    // Every expectation recorded in the period: "made", and what the customer stated.
    executor
      .selectFrom("expectations")
      .select(["id", "title", "importance", "original_due_date", "due_date", "status", "outcome", "delivered_on", "customer_response"])
      .where("account_id", "=", accountId)
      .where("created_at", ">=", from)
      .where("created_at", "<", until)
      .limit(LIMIT)
      .execute(),
    executor
      .selectFrom("stakeholders")
      .select(["id", "name", "influence", "left_on", "created_at", "committee_role"])
      .where("account_id", "=", accountId)
      .orderBy("name")
      .limit(1000)
      .execute(),
  ]);
  const npsSince = addMonthsToInstant(from, -settings.npsMonths);
  const answeredBy = until.getTime() < options.now.getTime() ? until : options.now;
  const ids = [...new Set([...scored.expectations.map((e) => e.id), ...created.map((e) => e.id)])];
  const [extras, surveys, supportCases, invoices] = await Promise.all([
    ids.length
      ? executor
          .selectFrom("expectations as e")
          .leftJoin("stakeholders as s", (j) => j.onRef("s.account_id", "=", "e.account_id").onRef("s.id", "=", "e.holder_stakeholder_id"))
          .select(["e.id", "e.source", "e.created_at", "s.name as holder_name"])
          .where("e.account_id", "=", accountId)
          .where("e.id", "in", ids)
          .execute()
      : Promise.resolve([]),
    executor
      .selectFrom("survey_responses as r")
      .leftJoin("stakeholders as s", (j) => j.onRef("s.account_id", "=", "r.account_id").onRef("s.id", "=", "r.stakeholder_id"))
      .select(["r.stakeholder_id", "s.name as stakeholder_name", "r.kind", "r.score", "r.comment", "r.answered_at"])
      .where("r.account_id", "=", accountId)
      .where("r.answered_at", ">=", npsSince)
      .where("r.answered_at", "<", answeredBy)
      .orderBy("r.answered_at", "desc")
      .limit(LIMIT)
      .execute(),
    executor
      .selectFrom("touchpoint_support_cases as c")
      .innerJoin("touchpoints as t", (j) => j.onRef("t.account_id", "=", "c.account_id").onRef("t.id", "=", "c.touchpoint_id"))
      .select(["t.title", "c.severity", "c.status", "c.opened_at", "c.sla_due_at", "c.resolved_at"])
      .where("c.account_id", "=", accountId)
      .where("c.opened_at", ">=", from)
      .where("c.opened_at", "<", until)
      .limit(LIMIT)
      .execute(),
    executor
      .selectFrom("touchpoint_invoices")
      .select(["number", "amount", "currency", "due_date", "paid_on", "disputed"])
      .where("account_id", "=", accountId)
      .where("due_date", ">=", period.from)
      .where("due_date", "<=", period.to)
      .limit(LIMIT)
      .execute(),
  ]);
  const extra = new Map(extras.map((x) => [x.id, x]));
  const seen = new Set<string>();
  const expectations: ReviewExpectationRow[] = [];
  for (const e of [...scored.expectations, ...created]) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    const x = extra.get(e.id);
    expectations.push({
      ...e,
      title: e.title ?? "",
      source: x?.source ?? "",
      created_on: x ? dateOf(x.created_at, TIME_ZONE) : period.from,
      holder_name: x?.holder_name ?? null,
    });
  }
  return buildReviewPack(
    {
      expectations,
      replans: scored.replans,
      stakeholders: stakeholders.map((s) => ({
        id: s.id,
        name: s.name,
        influence: s.influence,
        left_on: s.left_on,
        created_on: dateOf(s.created_at, TIME_ZONE),
        committee_role: s.committee_role,
      })),
      surveys: surveys.map((s) => ({ ...s, comment: s.comment ?? null })),
      supportCases,
      invoices,
    },
    { period, today: options.today, now: options.now, npsMonths: settings.npsMonths, npsWeighted: settings.npsInfluenceWeighted, noticeContestDays: settings.noticeContestDays },
  );
}
