import { sql } from "kysely";
import { z } from "zod";
import { addMonths, type DateWindow } from "#app/domain/dates.ts";
import type { SurpriseReason } from "#app/domain/predictability.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { decodeCursor, keysetPage } from "#app/utils/cursor.ts";
import { loadScoringSettings } from "./scoring-settings.server.ts";

// The surprises behind a pooled predictability figure (a KAM's, the whole
// portfolio's): the expectations of live accounts judged a surprise at their
// account's last scoring (expectation_verdicts), newest due date first. A
// verdict's due_date is the date the expectation came due for the customer. A page
// is a backward range of expectation_verdicts_surprise_idx, whatever the size
// of the portfolio.

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

export async function listSurprises(
  executor: Executor,
  scope: SurpriseListScope,
  options: { cursor?: string | null | undefined; limit?: number } = {},
) {
  const limit = options.limit ?? SURPRISES_PAGE_SIZE;
  const after = decodeCursor(options.cursor, SurpriseCursor);
  const rows = await executor
    .selectFrom("expectation_verdicts as v")
    .innerJoin("accounts as a", "a.id", "v.account_id")
    .innerJoin("users as o", "o.id", "a.owner_id")
    .innerJoin("expectations as e", (j) =>
      j.onRef("e.account_id", "=", "v.account_id").onRef("e.id", "=", "v.expectation_id"),
    )
    .select([
      "v.account_id",
      "v.expectation_id",
      "v.due_date",
      "v.importance",
      "v.reason",
      "v.promised_date",
      "v.days_late",
      "e.title",
      "a.name as account_name",
      "a.owner_id",
      "o.name as owner_name",
    ])
    .where("v.verdict", "=", "surprise")
    // An open overdue expectation counts in every window, however old (reason 'overdue' while open).
    .where((eb) =>
      eb.or([
        eb("v.due_date", ">=", scope.window.from),
        eb.and([eb("v.reason", "=", "overdue"), eb("e.status", "=", "open")]),
      ]),
    )
    .where("v.due_date", "<=", scope.window.to)
    .where("a.archived_at", "is", null)
    .$if(scope.ownerId !== null, (qb) => qb.where("a.owner_id", "=", scope.ownerId!))
    .$if(after !== null, (qb) =>
      qb.where(
        sql<boolean>`(v.due_date, v.account_id, v.expectation_id) < (${after![0]}::date, ${after![1]}::uuid, ${after![2]}::uuid)`,
      ),
    )
    .orderBy("v.due_date", "desc")
    .orderBy("v.account_id", "desc")
    .orderBy("v.expectation_id", "desc")
    .limit(limit + 1)
    .execute();
  const { page, nextCursor } = keysetPage(rows, limit, (last) => [last.due_date, last.account_id, last.expectation_id]);
  return { surprises: page.map((r) => ({ ...r, reason: r.reason as SurpriseReason })), nextCursor };
}

export type SurpriseRow = Awaited<ReturnType<typeof listSurprises>>["surprises"][number];
