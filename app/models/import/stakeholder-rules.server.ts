import { sql } from "kysely";
import { influenceBreaches, roleBreaches, type CommitteeBreach } from "#app/domain/committee-rules.ts";
import type { StakeholderRow } from "#app/domain/import/records.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { countedNpsAnswers } from "#app/models/committee-answers.server.ts";
import { chunks, exclusively, mapped, pairKey, type RowRejection, type WriteContext } from "./shared.server.ts";

// The committee's rules (app/domain/committee-rules.ts) for a file's or an API
// body's stakeholder rows, judged against each person as stored, before
// anything is written: a row that breaks one is refused at its column, with
// the form's words (the API answers 422). A new person has nothing stored to
// judge against.

interface Placed {
  line: number;
  accountId: string;
  record: StakeholderRow;
}

interface StoredPerson {
  id: string;
  account_id: string;
  external_id: string;
  influence: number;
  committee_role: string | null;
  left_on: string | null;
}

/** The people the rows name as they are stored, by pairKey (a new one is not in the map). */
async function storedPeople(executor: Executor, ctx: WriteContext, rows: Placed[]) {
  const found = new Map<string, StoredPerson>();
  for (const part of chunks(rows)) {
    const result = await exclusively(ctx, () =>
      sql<StoredPerson>`
        select s.id, s.account_id, s.external_id, s.influence, s.committee_role, s.left_on::text as left_on
        from stakeholders s
        join unnest(${part.map((r) => r.accountId)}::uuid[], ${part.map((r) => r.record.external_id)}::text[])
          as k(account_id, external_id)
          on s.account_id = k.account_id and s.external_id = k.external_id`.execute(executor),
    );
    for (const p of result.rows) found.set(pairKey(p.account_id, p.external_id), p);
  }
  return found;
}

/**
 * What the row writes of what the rules judge, as the upsert writes it: a
 * mapped influence column the influence (an empty cell: 3), a mapped role or
 * left_on column the role or leaving day (an empty cell: none). A column the
 * file leaves out writes nothing (undefined).
 */
function rowWrite(ctx: WriteContext, record: StakeholderRow) {
  return {
    influence: mapped(ctx, "influence") ? (record.influence ?? 3) : undefined,
    committeeRole: mapped(ctx, "committee_role") ? (record.committee_role ?? null) : undefined,
    leftOn: mapped(ctx, "left_on") ? (record.left_on ?? null) : undefined,
  };
}

/** Every rule's breaches for a row against the person as stored (`counted`: their NPS answer that counts, if looked up). */
function breachesOf(
  ctx: WriteContext,
  row: Placed,
  person: StoredPerson,
  counted: { score: number } | undefined,
): CommitteeBreach[] {
  const write = rowWrite(ctx, row.record);
  return [
    ...roleBreaches({ committeeRole: person.committee_role, leftOn: person.left_on }, write),
    ...influenceBreaches(person, counted, write.influence),
  ];
}

/** The rows that keep to the committee's rules, and the refusals of those that do not. */
export async function checkCommitteeRules<R extends Placed>(
  executor: Executor,
  ctx: WriteContext,
  rows: R[],
): Promise<{ ready: R[]; rejected: RowRejection[] }> {
  if (!rows.length || !(mapped(ctx, "influence") || mapped(ctx, "committee_role")))
    return { ready: rows, rejected: [] };
  const stored = await storedPeople(executor, ctx, rows);
  const of = (row: Placed) => stored.get(pairKey(row.accountId, row.record.external_id));
  const lowering = rows.flatMap((row) => {
    const person = of(row);
    const next = rowWrite(ctx, row.record).influence;
    return person && next !== undefined && next < person.influence
      ? [{ account_id: person.account_id, id: person.id }]
      : [];
  });
  const counted = lowering.length
    ? await exclusively(ctx, () => countedNpsAnswers(executor, lowering))
    : new Map<string, { score: number }>();
  const ready: R[] = [];
  const rejected: RowRejection[] = [];
  for (const row of rows) {
    const person = of(row);
    const breaches = person ? breachesOf(ctx, row, person, counted.get(person.id)) : [];
    const [first] = breaches;
    if (first) rejected.push({ line: row.line, field: first.field, reason: ctx.t(first.key, first.params) });
    else ready.push(row);
  }
  return { ready, rejected };
}
