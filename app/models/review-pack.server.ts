import type { ReferenceExpression, SelectQueryBuilder } from "kysely";
import { addDays, addMonthsToInstant, dateOf, type DateWindow } from "#app/domain/dates.ts";
import { buildReviewPack, previousPeriod, type ReviewExpectationRow, type ReviewPack } from "#app/domain/review-pack.ts";
import { startOfDay, TIME_ZONE } from "#app/domain/time.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { expectationsWithHolder } from "./expectation-rows.server.ts";
import { loadScoringSettings } from "./scoring-settings.server.ts";
import { loadScoredExpectations } from "./scoring-inputs.server.ts";
import { createdByAdmin } from "./scored-expectation-columns.server.ts";
import { casesWithTouchpoint } from "./support-case-rows.server.ts";
import { answersWithPerson } from "./survey-answer-rows.server.ts";

// The rows a review pack is built from, read for one account and period in a
// few bounded, index-backed queries, and the pack built by the domain
// (app/domain/review-pack.ts). The expectations are the ones the account page
// reads for the same window (loadScoredExpectations, here from the start of
// the period before, for the comparison), so the figures are the page's.

const LIMIT = 5000;

/** The instants of a period's days: from its first one, until (not including) the day after it. */
interface Span {
  from: Date;
  until: Date;
}

/** A select narrowed to the rows whose `column` is an instant within `span`, at most LIMIT of them. */
function within<DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>, column: ReferenceExpression<DB, TB>, span: Span) {
  return qb
    .where(column, ">=", span.from as never)
    .where(column, "<", span.until as never)
    .limit(LIMIT);
}

/** Every expectation recorded in the period: "made", and what the customer stated. */
function readRecordedExpectations(executor: Executor, accountId: string, span: Span) {
  return executor
    .selectFrom("expectations")
    .select(["id", "title", "importance", "original_due_date", "due_date", "status", "outcome", "delivered_on", "customer_response", "created_at"])
    .select(createdByAdmin)
    .where("account_id", "=", accountId)
    .$call((qb) => within(qb, "created_at", span))
    .execute();
}

function readStakeholders(executor: Executor, accountId: string) {
  return executor
    .selectFrom("stakeholders")
    .select(["id", "name", "influence", "left_on", "left_recorded_at", "created_at", "committee_role"])
    .where("account_id", "=", accountId)
    .orderBy("name")
    .limit(1000)
    .execute();
}

/** What the pack tells of each expectation besides its scoring: its source, when it was recorded, who holds it. */
async function readExpectationDetails(executor: Executor, accountId: string, ids: string[]) {
  if (!ids.length) return [];
  return expectationsWithHolder(executor, accountId)
    .select(["e.id", "e.source", "e.created_at", "s.name as holder_name"])
    .where("e.id", "in", ids)
    .execute();
}

/** The survey answers from `since` until `before`, newest first. */
function readSurveys(executor: Executor, accountId: string, since: Date, before: Date) {
  return answersWithPerson(executor, accountId)
    .select(["r.stakeholder_id", "s.name as stakeholder_name", "r.kind", "r.score", "r.comment", "r.answered_at"])
    .where("r.answered_at", ">=", since)
    .where("r.answered_at", "<", before)
    .orderBy("r.answered_at", "desc")
    .limit(LIMIT)
    .execute();
}

/** Support cases opened in the period, with their touchpoint's title. */
function readSupportCases(executor: Executor, accountId: string, span: Span) {
  return casesWithTouchpoint(executor, accountId)
    .select(["t.title", "c.severity", "c.status", "c.opened_at", "c.sla_due_at", "c.resolved_at"])
    .$call((qb) => within(qb, "c.opened_at", span))
    .execute();
}

function readInvoices(executor: Executor, accountId: string, period: DateWindow) {
  return executor
    .selectFrom("touchpoint_invoices")
    .select(["number", "amount", "currency", "due_date", "paid_on", "disputed"])
    .where("account_id", "=", accountId)
    .where("due_date", ">=", period.from)
    .where("due_date", "<=", period.to)
    .limit(LIMIT)
    .execute();
}

type ScoredRow = Awaited<ReturnType<typeof loadScoredExpectations>>["expectations"][number];
type RecordedRow = Awaited<ReturnType<typeof readRecordedExpectations>>[number];
type DetailsRow = Awaited<ReturnType<typeof readExpectationDetails>>[number];

/** The scored and the recorded expectations, each once, with their details. */
function packExpectations(rows: (ScoredRow | RecordedRow)[], details: DetailsRow[], period: DateWindow): ReviewExpectationRow[] {
  const detail = new Map(details.map((x) => [x.id, x]));
  const seen = new Set<string>();
  const expectations: ReviewExpectationRow[] = [];
  for (const e of rows) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    const x = detail.get(e.id);
    expectations.push({
      ...e,
      title: e.title ?? "",
      source: x?.source ?? "",
      created_on: x ? dateOf(x.created_at, TIME_ZONE) : period.from,
      holder_name: x?.holder_name ?? null,
    });
  }
  return expectations;
}

export async function computeReviewPack(
  executor: Executor,
  accountId: string,
  period: DateWindow,
  options: { today: string; now: Date },
): Promise<ReviewPack> {
  const span = { from: startOfDay(period.from), until: startOfDay(addDays(period.to, 1)) };
  const [{ settings }, scored, recorded, stakeholders] = await Promise.all([
    loadScoringSettings(executor),
    loadScoredExpectations(executor, accountId, previousPeriod(period).from),
    readRecordedExpectations(executor, accountId, span),
    readStakeholders(executor, accountId),
  ]);
  const npsSince = addMonthsToInstant(span.from, -settings.npsMonths);
  const answeredBy = span.until.getTime() < options.now.getTime() ? span.until : options.now;
  const ids = [...new Set([...scored.expectations.map((e) => e.id), ...recorded.map((e) => e.id)])];
  const [details, surveys, supportCases, invoices] = await Promise.all([
    readExpectationDetails(executor, accountId, ids),
    readSurveys(executor, accountId, npsSince, answeredBy),
    readSupportCases(executor, accountId, span),
    readInvoices(executor, accountId, period),
  ]);
  return buildReviewPack(
    {
      expectations: packExpectations([...scored.expectations, ...recorded], details, period),
      replans: scored.replans,
      stakeholders: stakeholders.map((s) => ({
        id: s.id,
        name: s.name,
        influence: s.influence,
        left_on: s.left_on,
        left_recorded_on: s.left_recorded_at ? dateOf(s.left_recorded_at, TIME_ZONE) : null,
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
