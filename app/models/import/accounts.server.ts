import { sql } from "kysely";
import type { AccountRow } from "#app/domain/import/records.ts";
import { canChangeAccountOwner, canEditAccount } from "#app/domain/permissions.ts";
import { activeStaffUsers } from "#app/models/people.server.ts";
import {
  chunks,
  duplicateChecker,
  exclusively,
  mapped,
  rowOutcome,
  upsertBatch,
  type ImportWriter,
  type RowRejection,
  type WrittenRow,
} from "./shared.server.ts";

// Accounts, matched by their external id. A KAM imports accounts they own (new
// ones become theirs); naming another owner is for directors and admins.

export interface ResolvedAccount {
  line: number;
  record: AccountRow;
  ownerId: string;
}

const OPTIONAL_COLUMNS = [
  "industry",
  "tier",
  "lifecycle_stage",
  "relationship_start",
  "contract_value",
  "currency",
  "renewal_date",
] as const;

export const accountWriter: ImportWriter<AccountRow, ResolvedAccount> = {
  resolver(executor, ctx) {
    const isDuplicate = duplicateChecker(ctx);
    return async (rows) => {
      const rejected: RowRejection[] = [];
      const existing = new Map<string, { id: string; owner_id: string }>();
      for (const part of chunks([...new Set(rows.map((r) => r.record.external_id))])) {
        const found = await exclusively(ctx, () =>
          executor.selectFrom("accounts").select(["id", "owner_id", "external_id"]).where("external_id", "in", part).execute(),
        );
        for (const a of found) existing.set(a.external_id!, a);
      }
      const owners = new Map<string, string>();
      const emails = [
        ...new Set(rows.flatMap((r) => (r.record.owner_email ? [r.record.owner_email.toLowerCase()] : []))),
      ];
      for (const part of chunks(emails)) {
        const found = await exclusively(ctx, () =>
          activeStaffUsers(executor)
            .select(["id", "email"])
            .where(sql<string>`lower(email)`, "in", part)
            .execute(),
        );
        for (const u of found) owners.set(u.email.toLowerCase(), u.id);
      }
      const ready: ResolvedAccount[] = [];
      for (const row of rows) {
        const duplicate = isDuplicate(row.record.external_id, row.line);
        if (duplicate) {
          rejected.push(duplicate);
          continue;
        }
        const current = existing.get(row.record.external_id);
        if (current && !canEditAccount(ctx.actor, current)) {
          rejected.push({ line: row.line, field: "external_id", reason: ctx.t("import.notYourAccount"), forbidden: true });
          continue;
        }
        const defaultOwner = current?.owner_id ?? ctx.actor.id;
        let ownerId = defaultOwner;
        if (row.record.owner_email) {
          const named = owners.get(row.record.owner_email.toLowerCase());
          if (!named) {
            rejected.push({ line: row.line, field: "owner_email", reason: ctx.t("import.ownerNotFound") });
            continue;
          }
          if (named !== defaultOwner && !canChangeAccountOwner(ctx.actor)) {
            rejected.push({ line: row.line, field: "owner_email", reason: ctx.t("import.ownerNotAllowed") });
            continue;
          }
          ownerId = named;
        }
        ready.push({ line: row.line, record: row.record, ownerId });
      }
      return { ready, rejected };
    };
  },

  async write(trx, ctx, batch) {
    const optional = OPTIONAL_COLUMNS.filter((c) => mapped(ctx, c));
    const upserted = await upsertBatch(
      trx,
      {
        table: "accounts",
        key: ["external_id"],
        insertColumns: ["external_id", "name", "owner_id", ...OPTIONAL_COLUMNS],
        updateColumns: ["name", ...optional, ...(mapped(ctx, "owner_email") ? ["owner_id"] : [])],
        onUpdate: [sql`version = accounts.version + 1`, sql`updated_at = now()`],
      },
      batch.map((r) => ({
        external_id: r.record.external_id,
        name: r.record.name,
        owner_id: r.ownerId,
        industry: r.record.industry ?? "",
        tier: r.record.tier ?? "standard",
        lifecycle_stage: r.record.lifecycle_stage ?? "onboarding",
        relationship_start: r.record.relationship_start ?? null,
        contract_value: r.record.contract_value ?? null,
        currency: r.record.currency ?? "EUR",
        renewal_date: r.record.renewal_date ?? null,
      })),
    );
    const byExternal = new Map(upserted.map((u) => [u.external_id, u]));
    const missing = batch.filter((r) => !byExternal.has(r.record.external_id)).map((r) => r.record.external_id);
    const ids = new Map<string, string>();
    if (missing.length) {
      const found = await trx
        .selectFrom("accounts")
        .select(["id", "external_id"])
        .where("external_id", "in", missing)
        .execute();
      for (const a of found) ids.set(a.external_id!, a.id);
    }
    return batch.map((r): WrittenRow => {
      const u = byExternal.get(r.record.external_id);
      return {
        line: r.line,
        accountId: u?.id ?? ids.get(r.record.external_id)!,
        outcome: rowOutcome(u),
      };
    });
  },
};
