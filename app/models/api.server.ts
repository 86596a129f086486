import { sql } from "kysely";
import type { ImportKind } from "#app/domain/import/fields.ts";
import { apiAccountScope } from "#app/domain/permissions.ts";
import { rowSchema, validateRow, type Cells } from "#app/domain/import/records.ts";
import { isPlainText } from "#app/domain/text.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import { db, type Executor } from "#app/utils/db.server.ts";
import { RefusedError } from "#app/utils/errors.server.ts";
import { iso, pageById, type Paging } from "./api-paging.server.ts";
import type { ApiClient } from "./api-tokens.server.ts";
import { refusalOf } from "./import/constraints.server.ts";
import { importErrors, importTranslator } from "./import/messages.server.ts";
import { resolveRows, type ImportWriter, type RowOutcome, type WriteContext } from "./import/shared.server.ts";
import { writers } from "./import/writers.server.ts";
import { expectationsWithHolder } from "./expectation-rows.server.ts";
import { refreshAccountScores } from "./scores.server.ts";
import { emitTouchpointLoggedByExternalId } from "./webhook-events.server.ts";
import { STAKEHOLDER_PROFILE_OF_S, TOUCHPOINT_FACTS_OF_T } from "./record-columns.server.ts";
import { LISTED_FACT_COLUMNS, touchpointsWithFacts } from "./touchpoints.server.ts";

// The JSON API's reads (keyset pages of records as the API shows them) and
// upserts. An upsert goes through the same checks and writer as a CSV row: its
// body becomes the row's cells, so the API and the import accept and refuse
// exactly the same things.

/** An external id from a URL that could name a stored record; anything else names none (and never reaches SQL). */
const storable = (externalId: string) => externalId.length > 0 && externalId.length <= 200 && isPlainText(externalId);

/** The id of the account with this external id, if the client's token reaches it (apiAccountScope). */
export async function findAccountId(executor: Executor, client: ApiClient, externalId: string): Promise<string | null> {
  if (!storable(externalId)) return null;
  const owner = apiAccountScope(client.actor);
  const row = await executor
    .selectFrom("accounts")
    .select("id")
    .where("external_id", "=", externalId)
    .$if(owner !== null, (qb) => qb.where("owner_id", "=", owner!))
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Accounts as the API shows them, those the client's token reaches only. */
function accountQuery(executor: Executor, client: ApiClient) {
  const owner = apiAccountScope(client.actor);
  return executor
    .selectFrom("accounts as a")
    .innerJoin("users as o", "o.id", "a.owner_id")
    .select([
      "a.id",
      "a.external_id",
      "a.name",
      "a.industry",
      "a.tier",
      "a.lifecycle_stage",
      "a.relationship_start",
      "a.contract_value",
      "a.currency",
      "a.renewal_date",
      "o.email as owner_email",
      "a.archived_at",
      "a.updated_at",
      "a.version",
    ])
    .$if(owner !== null, (qb) => qb.where("a.owner_id", "=", owner!));
}

function accountRecord(a: Awaited<ReturnType<ReturnType<typeof accountQuery>["execute"]>>[number]) {
  const { archived_at, updated_at, ...rest } = a;
  return { ...rest, archived: archived_at !== null, updated_at: iso(updated_at) };
}

export function listAccountsApi(executor: Executor, client: ApiClient, paging: Paging) {
  return pageById(accountQuery(executor, client), "a.id", paging, accountRecord);
}

export async function getAccountApi(executor: Executor, client: ApiClient, externalId: string) {
  if (!storable(externalId)) return null;
  const row = await accountQuery(executor, client).where("a.external_id", "=", externalId).executeTakeFirst();
  return row ? accountRecord(row) : null;
}

export function listStakeholdersApi(executor: Executor, accountId: string, paging: Paging) {
  return pageById(stakeholderQuery(executor, accountId), "s.id", paging, (s) => ({ ...s, updated_at: iso(s.updated_at) }));
}

function stakeholderQuery(executor: Executor, accountId: string) {
  return executor
    .selectFrom("stakeholders as s")
    .leftJoin("stakeholders as boss", (j) => j.onRef("boss.account_id", "=", "s.account_id").onRef("boss.id", "=", "s.reports_to_id"))
    .select([
      "s.id",
      "s.external_id",
      ...STAKEHOLDER_PROFILE_OF_S,
      "boss.external_id as reports_to",
      "s.left_on",
      "s.updated_at",
      "s.version",
    ])
    .where("s.account_id", "=", accountId);
}

function touchpointQuery(executor: Executor, accountId: string) {
  return touchpointsWithFacts(executor)
    .leftJoin("stakeholders as adv", (j) =>
      j.onRef("adv.account_id", "=", "t.account_id").onRef("adv.id", "=", "t.advocacy_stakeholder_id"),
    )
    .select([
      "t.id",
      "t.external_id",
      "t.kind",
      "t.occurred_at",
      "t.title",
      "t.summary",
      "t.internal_notes",
      "t.source",
      ...TOUCHPOINT_FACTS_OF_T,
      "t.updated_at",
      "t.version",
      ...LISTED_FACT_COLUMNS,
      "inv.dispute_reason as invoice_dispute_reason",
      "sc.opened_at as case_opened_at",
      "sc.resolved_at as case_resolved_at",
      "t.advocacy_polarity",
      "t.advocacy_source",
      "adv.external_id as advocacy_stakeholder",
      sql<string[]>`array(
        select s.external_id from touchpoint_stakeholders ts
        join stakeholders s on s.account_id = ts.account_id and s.id = ts.stakeholder_id
        where ts.account_id = t.account_id and ts.touchpoint_id = t.id and s.external_id is not null
        order by s.external_id)`.as("stakeholders"),
    ])
    .where("t.account_id", "=", accountId);
}

type TouchpointRowDb = Awaited<ReturnType<ReturnType<typeof touchpointQuery>["execute"]>>[number];

function touchpointRecord(t: TouchpointRowDb) {
  return {
    id: t.id,
    external_id: t.external_id,
    kind: t.kind,
    occurred_at: iso(t.occurred_at),
    title: t.title,
    summary: t.summary,
    internal_notes: t.internal_notes,
    source: t.source,
    shared_with_customer: t.shared_with_customer,
    sentiment: t.sentiment,
    treatment: t.treatment,
    resolved: t.resolved,
    emotion_tags: t.emotion_tags,
    moment_of_truth: t.moment_of_truth,
    positive_surprise: t.positive_surprise,
    stakeholders: t.stakeholders,
    invoice:
      t.invoice_number === null
        ? null
        : {
            number: t.invoice_number,
            amount: t.invoice_amount,
            currency: t.invoice_currency,
            due_date: t.invoice_due_date,
            paid_on: t.invoice_paid_on,
            disputed: t.invoice_disputed,
            dispute_reason: t.invoice_dispute_reason,
          },
    support_case:
      t.case_status === null
        ? null
        : {
            severity: t.case_severity,
            status: t.case_status,
            opened_at: iso(t.case_opened_at),
            sla_due_at: iso(t.case_sla_due_at),
            resolved_at: iso(t.case_resolved_at),
          },
    advocacy:
      t.advocacy_polarity === null
        ? null
        : { polarity: t.advocacy_polarity, source: t.advocacy_source ?? "", stakeholder: t.advocacy_stakeholder },
    updated_at: iso(t.updated_at),
    version: t.version,
  };
}

export function listTouchpointsApi(executor: Executor, accountId: string, paging: Paging) {
  return pageById(touchpointQuery(executor, accountId), "t.id", paging, touchpointRecord);
}

function expectationQuery(executor: Executor, accountId: string) {
  return expectationsWithHolder(executor, accountId)
    .select([
      "e.id",
      "e.external_id",
      "e.title",
      "e.description",
      "e.category",
      "e.importance",
      "e.source",
      "e.status",
      "e.outcome",
      "e.original_due_date",
      "e.due_date",
      "e.delivered_on",
      "e.delivery_note",
      "s.external_id as holder",
      "e.customer_response",
      "e.updated_at",
      "e.version",
    ]);
}

export function listExpectationsApi(executor: Executor, accountId: string, paging: Paging) {
  return pageById(expectationQuery(executor, accountId), "e.id", paging, (e) => ({ ...e, updated_at: iso(e.updated_at) }));
}

/** One expectation as GET shows it. */
export async function getExpectationApi(executor: Executor, accountId: string, externalId: string) {
  const e = await expectationQuery(executor, accountId).where("e.external_id", "=", externalId).executeTakeFirst();
  return e ? { ...e, updated_at: iso(e.updated_at) } : null;
}

/** One record as GET shows it, after an upsert. */
async function readBack(executor: Executor, client: ApiClient, kind: ImportKind, accountId: string, externalId: string) {
  switch (kind) {
    case "accounts":
      return getAccountApi(executor, client, externalId);
    case "stakeholders": {
      const s = await stakeholderQuery(executor, accountId).where("s.external_id", "=", externalId).executeTakeFirst();
      return s ? { ...s, updated_at: iso(s.updated_at) } : null;
    }
    case "touchpoints": {
      const t = await touchpointQuery(executor, accountId).where("t.external_id", "=", externalId).executeTakeFirst();
      return t ? touchpointRecord(t) : null;
    }
    case "expectations":
      return getExpectationApi(executor, accountId, externalId);
  }
}

/** A JSON body as the cells of a CSV row: the import's checks then read it the same way. */
export function toCells(body: Record<string, unknown>): Cells {
  const cells: Cells = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === null || value === undefined) cells[key] = undefined;
    else if (Array.isArray(value)) cells[key] = value.length ? value.map(String).join(",") : undefined;
    else cells[key] = String(value);
  }
  return cells;
}

const t = importTranslator("en");
const { errorMap } = importErrors(t);

/**
 * Creates or updates one record by external id, in one transaction with its
 * audit event and the account's scores. Fields the body leaves out keep their
 * stored values. Throws a RefusedError: invalid (422), not the token's to change
 * (403), against a rule of the stored data (409).
 */
export async function apiUpsert(
  client: ApiClient,
  kind: ImportKind,
  body: Record<string, unknown>,
  account: { externalId: string } | null,
  ip: string | null,
): Promise<{ outcome: RowOutcome; record: unknown }> {
  const cells = toCells({ ...body, ...(account ? { account: account.externalId } : {}) });
  const checked = validateRow(rowSchema(kind, { zone: TIME_ZONE, now: new Date() }), cells, errorMap);
  if (!checked.ok) throw new RefusedError("invalid", checked.errors);
  const writer = writers[kind] as ImportWriter<unknown, { line: number }>;
  const ctx: WriteContext = {
    actor: client.actor,
    jobId: client.tokenId,
    origin: { api_token: client.tokenId },
    mapping: Object.fromEntries(Object.keys(cells).map((k) => [k, k])),
    t,
    text: t,
  };
  try {
    return await db()
      .transaction()
      .execute(async (trx) => {
        const { ready, rejected } = await resolveRows(writer, trx, ctx, [{ line: 1, record: checked.value }]);
        // Another KAM's account: the token's user may not change it.
        const refusal = rejected.some((r) => r.forbidden) ? "forbidden" : "invalid";
        if (rejected.length) throw new RefusedError(refusal, rejected.map((r) => ({ field: r.field, reason: r.reason })));
        const [written] = await writer.write(trx, ctx, ready);
        let outcome = written!.outcome;
        if ((await writer.finish?.(trx, ctx, ready))?.size && outcome === "unchanged") outcome = "updated";
        const accountId = written!.accountId;
        const externalId = String(cells.external_id);
        if (outcome !== "unchanged") {
          await writeAudit(trx, {
            actorId: client.actor.id,
            accountId,
            entity: `api_${kind}`,
            entityId: externalId,
            action: outcome === "inserted" ? "create" : "update",
            after: { token_id: client.tokenId, ...body },
            ip,
          });
          if (kind === "touchpoints" && outcome === "inserted") await emitTouchpointLoggedByExternalId(trx, accountId, externalId);
          await refreshAccountScores(trx, accountId);
        }
        return { outcome, record: await readBack(trx, client, kind, accountId, externalId) };
      });
  } catch (error) {
    // A rule of the stored data this record breaks: the same words as for an imported row.
    const refusal = refusalOf(error);
    if (refusal) throw new RefusedError("conflict", [{ field: refusal.field, reason: t(refusal.key, refusal.params) }]);
    throw error;
  }
}

/** The account an API path names by external id; refused as not found also when the token does not reach it. */
export async function requireAccountId(client: ApiClient, externalId: string | undefined): Promise<string> {
  const id = externalId ? await findAccountId(db(), client, externalId) : null;
  if (!id) throw new RefusedError("notFound", [{ field: "externalId", reason: NO_ACCOUNT }]);
  return id;
}

export const NO_ACCOUNT = "No account that this token reaches has this external id.";

export { isPageCursor, type Paging } from "./api-paging.server.ts";
