import { sql } from "kysely";
import type { StakeholderRow } from "#app/domain/import/records.ts";
import { leavingEntry } from "#app/domain/committee-rules.ts";
import { isFreshForAlert } from "#app/domain/kam-alerts.ts";
import { calendarDate } from "#app/domain/time.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { countedNpsAnswers } from "#app/models/committee-answers.server.ts";
import { alertOnKeyPeopleLeaving } from "#app/models/mail-alerts.server.ts";
import { writeLeavingEntry } from "#app/models/stakeholder-leaving.server.ts";
import {
  type WriteContext,
  accountLookup,
  duplicateChecker,
  mapped,
  pairKey,
  stakeholderIds,
  storedBefore,
  unknownPeople,
  upsertBatch,
  upsertOutcomes,
  type ImportWriter,
  type UpsertResult,
} from "./shared.server.ts";
import { checkCommitteeRules } from "./stakeholder-rules.server.ts";

// The buying committee, matched by (account, external id). "Reports to" names
// another stakeholder of the same account by external id: one in the same file
// or one already in Kohtaamo. Links are set after every row is written. A
// decision maker or champion who has lately left (left_on newly set) alerts
// the account's KAM in the batch's transaction (app/domain/kam-alerts.ts). A
// person of the committee the file marks as left is on the timeline as on the
// form when they hold a key role or are a detractor (app/domain/committee-rules.ts).
// The committee's rules judge each row against the person as stored first
// (stakeholder-rules.server.ts): a row that breaks one is refused at its column.

export interface ResolvedStakeholder {
  line: number;
  accountId: string;
  record: StakeholderRow;
}

const OPTIONAL_COLUMNS = ["title", "email", "phone", "committee_role", "influence", "stance", "left_on"] as const;

export const stakeholderWriter: ImportWriter<StakeholderRow, ResolvedStakeholder> = {
  // A manager may be named before or after their own row: the worker first reads
  // the whole file for the people it holds (by account and external id), so a
  // chunk's rows can name someone in a later chunk.
  scan(executor, ctx) {
    const accounts = accountLookup(executor, ctx);
    const people = new Set<string>();
    return {
      async add(rows) {
        await accounts.load(rows.map((r) => r.record.account));
        for (const row of rows) {
          const found = accounts.find(row.record.account);
          if ("account" in found) people.add(pairKey(found.account.id, row.record.external_id));
        }
      },
      result: () => people,
    };
  },

  resolver(executor, ctx, scanned) {
    const accounts = accountLookup(executor, ctx);
    const peopleOfFile = scanned as Set<string> | undefined;
    const isDuplicate = duplicateChecker(ctx);
    return async (rows) => {
      const { placed, rejected } = await accounts.place(rows, isDuplicate);
      const inFile = peopleOfFile ?? new Set(placed.map((p) => pairKey(p.accountId, p.row.record.external_id)));
      const bosses = placed.flatMap(({ row, accountId }) =>
        row.record.reports_to && !inFile.has(pairKey(accountId, row.record.reports_to))
          ? [{ accountId, externalId: row.record.reports_to }]
          : [],
      );
      const known = await stakeholderIds(ctx, executor, bosses);
      const ready: ResolvedStakeholder[] = [];
      for (const { row, accountId } of placed) {
        const boss = row.record.reports_to;
        if (boss && !inFile.has(pairKey(accountId, boss)) && !known.has(pairKey(accountId, boss))) {
          rejected.push(unknownPeople(ctx, row.line, "reports_to", boss));
          continue;
        }
        ready.push({ line: row.line, accountId, record: row.record });
      }
      const checked = await checkCommitteeRules(executor, ctx, ready);
      return { ready: checked.ready, rejected: [...rejected, ...checked.rejected].sort((a, b) => a.line - b.line) };
    };
  },

  async write(trx, ctx, batch) {
    const { leaving, fresh } = await leavingCandidates(trx, ctx, batch);
    const optional = OPTIONAL_COLUMNS.filter((c) => mapped(ctx, c));
    const upserted = await upsertBatch(
      trx,
      {
        table: "stakeholders",
        key: ["account_id", "external_id"],
        insertColumns: ["account_id", "external_id", "name", ...OPTIONAL_COLUMNS],
        updateColumns: ["name", ...optional],
        onUpdate: [sql`version = stakeholders.version + 1`, sql`updated_at = now()`],
      },
      batch.map((r) => ({
        account_id: r.accountId,
        external_id: r.record.external_id,
        name: r.record.name,
        title: r.record.title ?? "",
        email: r.record.email ?? null,
        phone: r.record.phone ?? null,
        committee_role: r.record.committee_role ?? null,
        influence: r.record.influence ?? 3,
        stance: r.record.stance ?? "neutral",
        left_on: r.record.left_on ?? null,
      })),
    );
    const outcome = upsertOutcomes(upserted);
    await recordLeavings(trx, ctx, outcome.changed(leaving));
    await alertOnKeyPeopleLeaving(
      trx,
      outcome.changed(fresh).map(({ row, before, stored }) => {
        const role = mapped(ctx, "committee_role") ? (row.record.committee_role ?? null) : (before?.role ?? null);
        return { accountId: row.accountId, stakeholderId: stored.id, name: row.record.name, role, leftOn: row.record.left_on ?? null, before };
      }),
      { channel: ctx.origin.api_token ? "api" : "import", actorId: ctx.actor.id },
    );
    return outcome.written(batch);
  },

  /** Sets "reports to" once every stakeholder of the file exists; returns the lines whose link changed. */
  async finish(trx, ctx, ready) {
    const changed = new Set<number>();
    if (!mapped(ctx, "reports_to") || !ready.length) return changed;
    const result = await sql<{ account_id: string; external_id: string }>`
      update stakeholders s
      set reports_to_id = boss.id, version = s.version + 1, updated_at = now()
      from unnest(${ready.map((r) => r.accountId)}::uuid[], ${ready.map((r) => r.record.external_id)}::text[],
                  ${ready.map((r) => r.record.reports_to ?? null)}::text[]) as w(account_id, external_id, boss_external_id)
      left join stakeholders boss on boss.account_id = w.account_id and boss.external_id = w.boss_external_id
      where s.account_id = w.account_id and s.external_id = w.external_id
        and s.reports_to_id is distinct from boss.id
      returning s.account_id, s.external_id`.execute(trx);
    const lineOf = new Map(ready.map((r) => [pairKey(r.accountId, r.record.external_id), r.line]));
    for (const r of result.rows) changed.add(lineOf.get(pairKey(r.account_id, r.external_id))!);
    return changed;
  },

  /** `finish` for one chunk of the worker's finishing pass; returns the rows it changed that the import had not written. */
  async finishChunk(trx, ctx, ready, since) {
    if (!mapped(ctx, "reports_to") || !ready.length) return [];
    // MATERIALIZED: inlined, the planner joins the updated table against the unnest
    // by a scan of every stakeholder per row (seconds per chunk at 100,000 people).
    const result = await sql<{ account_id: string; external_id: string; untouched: boolean }>`
      with target as materialized (
        select s.id, s.updated_at < ${since} as untouched, boss.id as boss_id
        from stakeholders s
        join unnest(${ready.map((r) => r.accountId)}::uuid[], ${ready.map((r) => r.record.external_id)}::text[],
                    ${ready.map((r) => r.record.reports_to ?? null)}::text[]) as w(account_id, external_id, boss_external_id)
          on s.account_id = w.account_id and s.external_id = w.external_id
        left join stakeholders boss on boss.account_id = w.account_id and boss.external_id = w.boss_external_id
        where s.reports_to_id is distinct from boss.id
      )
      update stakeholders s
      set reports_to_id = target.boss_id, version = s.version + 1, updated_at = now()
      from target
      where s.id = target.id
      returning s.account_id, s.external_id, target.untouched`.execute(trx);
    const lineOf = new Map(ready.map((r) => [pairKey(r.accountId, r.record.external_id), r.line]));
    return result.rows
      .filter((r) => r.untouched)
      .map((r) => ({ line: lineOf.get(pairKey(r.account_id, r.external_id))!, accountId: r.account_id }));
  },
};

/**
 * The rows that record a leaving (left_on set by the file), each with when the
 * stored person had left and their role before; `fresh` are those that may
 * alert the KAM (left lately).
 */
async function leavingCandidates(trx: Trx, ctx: WriteContext, batch: ResolvedStakeholder[]) {
  if (!mapped(ctx, "left_on")) return { leaving: [], fresh: [] };
  const today = calendarDate();
  const rows = batch.filter((r) => r.record.left_on);
  if (!rows.length) return { leaving: [], fresh: [] };
  const stored = await storedBefore(
    trx,
    "stakeholders",
    sql<{ left_on: string | null; committee_role: string | null }>`to_char(r.left_on, 'YYYY-MM-DD') as left_on, r.committee_role`,
    rows,
  );
  const leaving = rows.map((row) => {
    const b = stored(row);
    return { row, before: b ? { leftOn: b.left_on, role: b.committee_role } : null };
  });
  return { leaving, fresh: leaving.filter(({ row }) => isFreshForAlert(row.record.left_on!, today)) };
}

/**
 * A person of the committee the file marks as left: on the timeline as on the
 * form (writeLeavingEntry), when they hold a key role or the latest NPS answer
 * that counts for them is a detractor's (app/domain/committee-rules.ts). A
 * person brought in already left (a new row) is history, not a leaving.
 */
async function recordLeavings(
  trx: Trx,
  ctx: WriteContext,
  written: { row: ResolvedStakeholder; before: { leftOn: string | null; role: string | null } | null; stored: UpsertResult }[],
) {
  const now = new Date();
  const left = written.filter((w) => w.before && w.before.leftOn === null);
  if (!left.length) return;
  const counted = await countedNpsAnswers(
    trx,
    left.map((w) => ({ account_id: w.row.accountId, id: w.stored.id })),
    now,
  );
  for (const { row, before, stored } of left) {
    const role = mapped(ctx, "committee_role") ? (row.record.committee_role ?? null) : before!.role;
    const entry = leavingEntry(role, counted.get(stored.id));
    if (!entry) continue;
    const person = { account_id: row.accountId, id: stored.id, name: row.record.name };
    await writeLeavingEntry(trx, ctx.actor, null, person, { leftOn: row.record.left_on!, entry, note: "", t: ctx.text }, now);
  }
}
