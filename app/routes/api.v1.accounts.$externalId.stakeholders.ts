import { apiUpsert, listStakeholdersApi } from "#app/models/api.server.ts";
import { StakeholderBody } from "#app/schemas/api.ts";
import { pageParams } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { accountLoader, accountUpsert } from "#app/routes/__api/account-collection.server.ts";

/** GET: the account's stakeholders, a keyset page at a time. */
export const loader = accountLoader((_client, accountId, request) =>
  listStakeholdersApi(db(), accountId, pageParams(request)),
);

/** POST or PUT: create or update one of the account's stakeholders by the external_id in the body. */
export const action = accountUpsert(StakeholderBody, (client, account, body, ip) =>
  apiUpsert(client, "stakeholders", body, { externalId: account.externalId }, ip),
);
