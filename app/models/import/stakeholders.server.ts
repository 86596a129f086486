import { sql } from "kysely";
import type { StakeholderRow } from "#app/domain/import/records.ts";
import { isFreshForAlert } from "#app/domain/kam-alerts.ts";
import { calendarDate } from "#app/domain/time.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { alertOnKeyPeopleLeaving } from "#app/models/mail-alerts.server.ts";
import {
  type WriteContext,
  accountLookup,
  duplicateChecker,
  mapped,
  pairKey,
  stakeholderIds,
  upsertBatch,
  upsertOutcomes,
  type ImportWriter,
} from "./shared.server.ts";

// The buying committee, matched by (account, external id). "Reports to" names
// another stakeholder of the same account by external id: one in the same file
// or one already in Kohtaamo. Links are set after every row is written. A
// decision maker or champion who has lately left (left_on newly set) alerts
// the account's KAM in the batch's transaction (app/domain/kam-alerts.ts).

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
          rejected.push({
            line: row.line,
            field: "reports_to",
            reason: ctx.t("import.stakeholderNotFound", { ids: boss }),
          });
          continue;
        }
        ready.push({ line: row.line, accountId, record: row.record });
      }
      return { ready, rejected };
    };
  },

  async write(trx, ctx, batch) {
    const leaving = await leavingCandidates(trx, ctx, batch);
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
    await alertOnKeyPeopleLeaving(
      trx,
      leaving.flatMap(({ row, before }) => {
        const u = outcome.of(row);
        if (!u) return [];
        const role = mapped(ctx, "committee_role") ? (row.record.committee_role ?? null) : (before?.role ?? null);
        return [{ accountId: row.accountId, stakeholderId: u.id, name: row.record.name, role, leftOn: row.record.left_on ?? null, before }];
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
 * The rows that may alert the KAM of someone leaving (left lately, by the
 * file), each with when the stored person had left and their role before.
 */
async function leavingCandidates(trx: Trx, ctx: WriteContext, batch: ResolvedStakeholder[]) {
  if (!mapped(ctx, "left_on")) return [];
  const today = calendarDate();
  const rows = batch.filter((r) => r.record.left_on && isFreshForAlert(r.record.left_on, today));
  if (!rows.length) return [];
  const stored = await sql<{ account_id: string; external_id: string; left_on: string | null; committee_role: string | null }>`
    select s.account_id, s.external_id, to_char(s.left_on, 'YYYY-MM-DD') as left_on, s.committee_role
    from stakeholders s
    join unnest(${rows.map((r) => r.accountId)}::uuid[], ${rows.map((r) => r.record.external_id)}::text[]) as w(account_id, external_id)
      on s.account_id = w.account_id and s.external_id = w.external_id`.execute(trx);
  const before = new Map(stored.rows.map((b) => [pairKey(b.account_id, b.external_id), { leftOn: b.left_on, role: b.committee_role }]));
  return rows.map((row) => ({ row, before: before.get(pairKey(row.accountId, row.record.external_id)) ?? null }));
}
