import { sql } from "kysely";
import type { Trx } from "#app/utils/db.server.ts";
import { ForbiddenError } from "#app/utils/errors.server.ts";

// Idempotent creating forms. A form carries a submission id made when it was
// shown (SubmissionIdField in app/components/ui/field.tsx); its action claims the id here, in
// the transaction of its write. A second post of the same form — a double click,
// a resubmit after Back, a retry after a lost answer — finds the claim and gets
// the first post's result instead of a second record. Two posts at once: the
// second's claim waits on the first's row (its primary key) and then sees it
// committed, or, if the first rolled back, claims the id itself.

/** Which submission: its id, and who sent which form (a claim by anyone else is refused). */
export interface SubmissionKey {
  id: string;
  userId: string;
  form: string;
}

/** What a write hands back to its route, kept for the repeats: a plain object of plain values. */
export type SubmissionResult = Record<string, string | number | boolean | null>;

export type Once<R> = { repeated: boolean; result: R };

/** Claims older than this are forgotten: a form resubmitted a day later writes again. */
const KEEP = "1 day";
const PRUNE_BATCH = 100;

/**
 * Runs `write` once per submission: the first post claims the id, writes and
 * keeps the result; a repeat writes nothing and returns the first result
 * (`repeated`). Without a key (a client that sent no id) `write` just runs.
 */
export async function once<R extends SubmissionResult>(
  trx: Trx,
  key: SubmissionKey | null,
  write: () => Promise<R>,
): Promise<Once<R>> {
  if (!key) return { repeated: false, result: await write() };
  const claimed = await trx
    .insertInto("form_submissions")
    .values({ id: key.id, user_id: key.userId, form: key.form })
    .onConflict((oc) => oc.column("id").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!claimed) {
    const first = await trx
      .selectFrom("form_submissions")
      .select(["user_id", "form", "result"])
      .where("id", "=", key.id)
      .executeTakeFirst();
    // Another person's or another form's id: not this submission's to repeat.
    if (!first || first.user_id !== key.userId || first.form !== key.form) throw new ForbiddenError("Not this submission.");
    return { repeated: true, result: first.result as R };
  }
  await pruneSubmissions(trx);
  const result = await write();
  await trx.updateTable("form_submissions").set({ result }).where("id", "=", key.id).execute();
  return { repeated: false, result };
}

/** Forgets old claims, a few at a time, never waiting for rows another transaction holds. */
export async function pruneSubmissions(trx: Trx): Promise<number> {
  const { numAffectedRows } = await sql`
    DELETE FROM form_submissions WHERE id IN (
      SELECT id FROM form_submissions WHERE created_at < now() - ${KEEP}::interval
      ORDER BY created_at LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED
    )`.execute(trx);
  return Number(numAffectedRows ?? 0);
}
