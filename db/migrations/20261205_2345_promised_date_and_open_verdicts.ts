import { sql, type Kysely } from "kysely";

// The promise the customer holds, kept beside the due date. An expectation's
// promised date is its original due date moved only by the re-plans the
// customer was told of before the date they were then expecting (the rules of
// app/domain/predictability.ts). The ledger's "Overdue" group reads it, so an
// item re-planned silently after its date passed stays overdue there as it does
// in predictability. NULL means no re-plan has moved the promise: the original
// due date. Existing re-plans are judged here with a frozen copy of the rule.
//
// expectation_verdicts.still_open marks a verdict on an expectation that was
// still open when judged (an open overdue one): the portfolio trends count it
// as overdue in every month it stays open, as predictability counts it in every
// window. Frozen in time: never imports app code.

interface ReplanRow {
  expectation_id: string;
  account_id: string;
  original_due_date: string;
  to_due_date: string;
  customer_notified: boolean | null;
  day: string;
  notified_on: string | null;
}

/** The promised date after the re-plans, read in the order they were made (a frozen copy of judgeReplans). */
function promised(original: string, replans: ReplanRow[]): string {
  let expected = original;
  let passed = false;
  for (const r of replans) {
    const notice = r.customer_notified === false ? null : (r.notified_on ?? (r.customer_notified === true ? r.day : null));
    const counted = !passed && notice !== null && notice < expected;
    if (counted) expected = r.to_due_date;
    else if (r.day >= expected) passed = true;
  }
  return expected;
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE expectations ADD COLUMN promised_date date`.execute(db);
  const { rows } = await sql<ReplanRow>`
    SELECT c.expectation_id, c.account_id, e.original_due_date::text AS original_due_date,
      c.to_due_date::text AS to_due_date, c.customer_notified,
      coalesce(c.replanned_on, (c.at AT TIME ZONE 'Europe/Helsinki')::date)::text AS day,
      c.customer_notified_on::text AS notified_on
    FROM expectation_changes c
    JOIN expectations e ON e.account_id = c.account_id AND e.id = c.expectation_id
    WHERE c.kind = 'replanned' AND c.to_due_date IS NOT NULL
    ORDER BY c.account_id, c.expectation_id, day, c.at, c.id
  `.execute(db);
  const byExpectation = new Map<string, ReplanRow[]>();
  for (const r of rows) {
    const key = `${r.account_id}/${r.expectation_id}`;
    const list = byExpectation.get(key) ?? [];
    list.push(r);
    byExpectation.set(key, list);
  }
  const updates = [...byExpectation.values()].map((list) => ({
    account_id: list[0]!.account_id,
    id: list[0]!.expectation_id,
    promised: promised(list[0]!.original_due_date, list),
  }));
  for (let i = 0; i < updates.length; i += 1000) {
    const part = updates.slice(i, i + 1000);
    await sql`
      UPDATE expectations e SET promised_date = k.promised
      FROM unnest(${part.map((u) => u.account_id)}::uuid[], ${part.map((u) => u.id)}::uuid[], ${part.map((u) => u.promised)}::date[])
        AS k(account_id, id, promised)
      WHERE e.account_id = k.account_id AND e.id = k.id
    `.execute(db);
  }

  // The ledger's open groups walk this in order (the pressing date: the earlier of the two).
  await sql`
    CREATE INDEX expectations_open_pressing_idx
      ON expectations (account_id, least(due_date, coalesce(promised_date, original_due_date)), id)
      WHERE status = 'open'
  `.execute(db);

  await sql`ALTER TABLE expectation_verdicts ADD COLUMN still_open boolean NOT NULL DEFAULT false`.execute(db);
  await sql`
    UPDATE expectation_verdicts v SET still_open = true
    FROM expectations e
    WHERE e.account_id = v.account_id AND e.id = v.expectation_id AND e.status = 'open'
  `.execute(db);
  await sql`CREATE INDEX expectation_verdicts_open_idx ON expectation_verdicts (due_date) WHERE still_open`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS expectation_verdicts_open_idx`.execute(db);
  await sql`ALTER TABLE expectation_verdicts DROP COLUMN IF EXISTS still_open`.execute(db);
  await sql`DROP INDEX IF EXISTS expectations_open_pressing_idx`.execute(db);
  await sql`ALTER TABLE expectations DROP COLUMN IF EXISTS promised_date`.execute(db);
}
