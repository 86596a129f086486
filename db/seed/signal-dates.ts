// The demo's risk signals are computed on seeding day, so each would say it was
// raised today. A real installation raises a signal on the evaluation after its
// cause: here each signal is dated back to the day its cause happened (the
// person left, the date passed, the answer came in), read from its own params
// and evidence, so the risk inbox and the director's escalations tell a story.
import { sql, type Kysely } from "kysely";
import { DEFAULT_SCORING_SETTINGS } from "#app/domain/scoring-settings.ts";
import type { DB } from "#db/schema.ts";

const DAY = 86_400_000;

interface OpenSignal {
  id: string;
  account_id: string;
  rule: string;
  params: unknown;
  evidence_kind: string;
  evidence_id: string;
}

/** Dates every open signal back to its cause; returns how many were moved. */
export async function dateSignalsByCause(db: Kysely<DB>, today: Date): Promise<number> {
  const signals = (await db
    .selectFrom("risk_signals")
    .select(["id", "account_id", "rule", "params", "evidence_kind", "evidence_id"])
    .where("resolved_at", "is", null)
    .execute()) as OpenSignal[];
  // Looked up by (account, id), the primary keys: by id alone each chunk would read every
  // touchpoint (10,000,000 at the xlarge size).
  const touchpointKeys = signals.flatMap((s) =>
    (s.rule === "solved_treated_badly" ? (param(s, "touchpointIds") as string[] | undefined) ?? [] : s.evidence_kind === "touchpoint" ? [s.evidence_id] : []).map(
      (id) => [s.account_id, id] as const,
    ),
  );
  const expectationKeys = signals.flatMap((s) =>
    (s.rule === "repeated_surprises" ? (param(s, "expectationIds") as string[] | undefined) ?? [] : s.evidence_kind === "expectation" ? [s.evidence_id] : []).map(
      (id) => [s.account_id, id] as const,
    ),
  );
  const touchpoints = new Map<string, Date>();
  for (const chunk of chunks(touchpointKeys)) {
    const rows = await db
      .selectFrom("touchpoints")
      .select(["id", "occurred_at"])
      .where((eb) => eb(eb.refTuple("account_id", "id"), "in", chunk.map(([a, id]) => eb.tuple(a, id))))
      .execute();
    for (const r of rows) touchpoints.set(r.id, new Date(r.occurred_at));
  }
  const expectations = new Map<string, { due: string; responded: Date | null }>();
  for (const chunk of chunks(expectationKeys)) {
    const rows = await db
      .selectFrom("expectations")
      .select(["id", "due_date", "customer_responded_at"])
      .where((eb) => eb(eb.refTuple("account_id", "id"), "in", chunk.map(([a, id]) => eb.tuple(a, id))))
      .execute();
    for (const r of rows) {
      expectations.set(r.id, { due: String(r.due_date).slice(0, 10), responded: r.customer_responded_at ? new Date(r.customer_responded_at) : null });
    }
  }

  const ratings = await runDates(db, signals);
  const dated = signals.flatMap((s) => {
    const cause = s.rule === "below_expected" ? ratings.get(s.id) ?? null : causeDate(s, today, touchpoints, expectations);
    return cause ? [{ id: s.id, at: cause > today ? today : cause }] : [];
  });
  for (const chunk of chunks(dated)) {
    const values = sql.join(chunk.map((d) => sql`(${d.id}::uuid, ${d.at.toISOString()}::timestamptz)`));
    await sql`update risk_signals set first_seen_at = v.at from (values ${values}) as v(id, at) where risk_signals.id = v.id`.execute(db);
  }
  return dated.length;
}

function causeDate(
  s: OpenSignal,
  today: Date,
  touchpoints: Map<string, Date>,
  expectations: Map<string, { due: string; responded: Date | null }>,
): Date | null {
  const settings = DEFAULT_SCORING_SETTINGS;
  const day = (iso: unknown, plus = 0) => (typeof iso === "string" ? new Date(Date.parse(`${iso.slice(0, 10)}T07:00:00Z`) + plus * DAY) : null);
  switch (s.rule) {
    case "key_person_left":
      return day(param(s, "leftOn"));
    case "expectation_overdue":
      return day(param(s, "dueDate"), 1);
    case "expectation_due_soon":
      return day(param(s, "dueDate"), -settings.dueSoonDays);
    case "repeated_surprises": {
      const dues = ((param(s, "expectationIds") as string[] | undefined) ?? []).map((id) => expectations.get(id)?.due).filter(Boolean) as string[];
      return dues.length ? day(dues.sort().at(-1), 1) : null;
    }
    case "influential_detractor":
      return typeof param(s, "answeredAt") === "string" ? new Date(param(s, "answeredAt") as string) : null;
    case "no_dm_contact": {
      const days = param(s, "days");
      return typeof days === "number" ? new Date(today.getTime() - (days - settings.dmContactDays) * DAY) : null;
    }
    case "sentiment_falling":
      return touchpoints.get(s.evidence_id) ?? null;
    case "renewal_at_risk":
      return day(param(s, "renewalDate"), -settings.renewalSoonDays);
    case "invoice_trouble":
      return param(s, "reason") === "disputed"
        ? new Date((touchpoints.get(s.evidence_id) ?? today).getTime() + 5 * DAY)
        : day(param(s, "dueDate"), settings.invoiceOverdueDays + 1);
    case "delivery_disputed":
      return expectations.get(s.evidence_id)?.responded ?? null;
    case "proposal_unanswered": {
      // Raised when the answer came late or the date passed, whichever was first.
      const late = day(param(s, "statedOn"), Number(param(s, "answerDays") ?? settings.proposalAnswerDays));
      const passed = day(param(s, "dueDate"), 1);
      return late && passed ? (late < passed ? late : passed) : late ?? passed;
    }
    case "solved_treated_badly": {
      // Raised when the count reached solvedBadlyCount: at the second-oldest of the window's touchpoints.
      const times = ((param(s, "touchpointIds") as string[] | undefined) ?? []).flatMap((id) => touchpoints.get(id) ?? []).sort((a, b) => a.getTime() - b.getTime());
      return times[settings.solvedBadlyCount - 1] ?? times.at(-1) ?? null;
    }
    case "support_past_sla":
      return typeof param(s, "slaDueAt") === "string" ? new Date(param(s, "slaDueAt") as string) : null;
    default:
      return null;
  }
}

/**
 * A run of "below" was raised when its belowExpectedCount-th rating came in:
 * of the account's ratings, newest first, the one at (run length − count).
 */
async function runDates(db: Kysely<DB>, signals: OpenSignal[]): Promise<Map<string, Date>> {
  const dates = new Map<string, Date>();
  for (const s of signals.filter((x) => x.rule === "below_expected")) {
    const run = Number(param(s, "count") ?? 0);
    const ratings = await db
      .selectFrom("risk_signals as r")
      .innerJoin("experience_ratings as e", "e.account_id", "r.account_id")
      .select("e.rated_at")
      .where("r.id", "=", s.id)
      .orderBy("e.rated_at", "desc")
      .orderBy("e.id", "desc")
      .limit(run)
      .execute();
    const at = ratings[run - DEFAULT_SCORING_SETTINGS.belowExpectedCount]?.rated_at;
    if (at) dates.set(s.id, new Date(at));
  }
  return dates;
}

function param(s: OpenSignal, name: string): unknown {
  return s.params && typeof s.params === "object" ? (s.params as Record<string, unknown>)[name] : undefined;
}

function* chunks<T>(items: T[], size = 1_000): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
