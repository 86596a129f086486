import { sql, type ExpressionBuilder } from "kysely";
import type { DB } from "#db/schema.ts";
import { z } from "zod";
import { addMonths, type DateWindow } from "#app/domain/dates.ts";
import type { SurpriseReason } from "#app/domain/predictability.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { decodeCursor, keysetPage } from "#app/utils/cursor.ts";
import { liveAccounts } from "./portfolio-kam.server.ts";
import { loadScoringSettings } from "./scoring-settings.server.ts";

// The surprises behind a pooled predictability figure (a KAM's, the whole
// portfolio's): the expectations of live accounts judged a surprise at their
// account's last scoring (expectation_verdicts), newest due date first. A
// verdict's due_date is the date the expectation came due for the customer. A
// page reads the rows of the accounts in scope, not the whole portfolio's
// (surpriseVerdicts).

export const SURPRISES_PAGE_SIZE = 50;

/**
 * The window pooled figures are over: the scoring settings' predictability
 * months up to today, as each account's stored counts are.
 */
export async function pooledWindow(executor: Executor, today: string): Promise<{ months: number; window: DateWindow }> {
  const { settings } = await loadScoringSettings(executor);
  const months = settings.predictabilityMonths;
  return { months, window: { from: addMonths(today, -months), to: today } };
}

export interface SurpriseListScope {
  /** One KAM's accounts, or null for every live account. */
  ownerId: string | null;
  window: DateWindow;
}

/** [due date, account id, expectation id] of the last row shown. */
const SurpriseCursor = z.tuple([z.iso.date(), z.uuid(), z.uuid()]);

/**
 * Whether a surprise verdict belongs in the window: due in it, or (whenever
 * due) overdue and still open, which counts in every window however old.
 */
function inWindow(eb: ExpressionBuilder<DB & { v: DB["expectation_verdicts"] }, "v">, window: DateWindow) {
  return eb.and([
    eb("v.verdict", "=", "surprise"),
    eb("v.due_date", "<=", window.to),
    eb.or([
      eb("v.due_date", ">=", window.from),
      eb.and([
        eb("v.reason", "=", "overdue"),
        // A lookup of this one expectation, made only for old overdue verdicts
        // (as a scalar it is never turned into a hash of every open expectation).
        eb(
          eb
            .selectFrom("expectations as e")
            .select("e.status")
            .whereRef("e.account_id", "=", "v.account_id")
            .whereRef("e.id", "=", "v.expectation_id"),
          "=",
          "open",
        ),
      ]),
    ]),
  ]);
}

type Cursor = z.output<typeof SurpriseCursor>;

/** What a surprise shows of its verdict: all in expectation_verdicts_account_surprise_idx. */
const VERDICT_COLUMNS = [
  "v.account_id",
  "v.expectation_id",
  "v.due_date",
  "v.importance",
  "v.reason",
  "v.promised_date",
  "v.days_late",
] as const;

function before(after: Cursor) {
  return sql<boolean>`(v.due_date, v.account_id, v.expectation_id) < (${after[0]}::date, ${after[1]}::uuid, ${after[2]}::uuid)`;
}

/**
 * A page's verdicts and their accounts, newest due date first. One KAM's: the
 * newest `n` of each of their live accounts (a backward range of
 * expectation_verdicts_account_surprise_idx per account, read from the index
 * alone), then the newest `n` of those, so a KAM's page reads their own
 * accounts' rows only, however big the portfolio. The whole portfolio's: a
 * backward range of expectation_verdicts_surprise_idx.
 */
function surpriseVerdicts(executor: Executor, scope: SurpriseListScope, after: Cursor | null, n: number) {
  const live = liveAccounts(executor, scope.ownerId);
  const keys = scope.ownerId
    ? live.innerJoinLateral(
        (eb) =>
          eb
            .selectFrom("expectation_verdicts as v")
            .select(VERDICT_COLUMNS)
            .whereRef("v.account_id", "=", "a.id")
            .where((eb) => inWindow(eb, scope.window))
            .$if(after !== null, (qb) => qb.where(before(after!)))
            .orderBy("v.due_date", "desc")
            .orderBy("v.expectation_id", "desc")
            .limit(n)
            .as("v"),
        (join) => join.onTrue(),
      )
    : live
        .innerJoin("expectation_verdicts as v", "v.account_id", "a.id")
        .where((eb) => inWindow(eb, scope.window))
        .$if(after !== null, (qb) => qb.where(before(after!)));
  return keys
    .select([...VERDICT_COLUMNS, "a.name as account_name", "a.owner_id"])
    .orderBy("v.due_date", "desc")
    .orderBy("v.account_id", "desc")
    .orderBy("v.expectation_id", "desc")
    .limit(n);
}

export async function listSurprises(
  executor: Executor,
  scope: SurpriseListScope,
  options: { cursor?: string | null | undefined; limit?: number } = {},
) {
  const limit = options.limit ?? SURPRISES_PAGE_SIZE;
  const after = decodeCursor(options.cursor, SurpriseCursor);
  const rows = await executor
    .selectFrom(surpriseVerdicts(executor, scope, after, limit + 1).as("k"))
    .innerJoin("expectations as e", (j) =>
      j.onRef("e.account_id", "=", "k.account_id").onRef("e.id", "=", "k.expectation_id"),
    )
    .innerJoin("users as o", "o.id", "k.owner_id")
    .selectAll("k")
    .select(["e.title", "o.name as owner_name"])
    .orderBy("k.due_date", "desc")
    .orderBy("k.account_id", "desc")
    .orderBy("k.expectation_id", "desc")
    .execute();
  const { page, nextCursor } = keysetPage(rows, limit, (last) => [last.due_date, last.account_id, last.expectation_id]);
  return { surprises: page.map((r) => ({ ...r, reason: r.reason as SurpriseReason })), nextCursor };
}

export type SurpriseRow = Awaited<ReturnType<typeof listSurprises>>["surprises"][number];
