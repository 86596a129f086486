import { apiUpsert, listExpectationsApi } from "#app/models/api.server.ts";
import { ExpectationBody } from "#app/schemas/api.ts";
import { pageParams } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { accountLoader, accountUpsert } from "#app/routes/__api/account-collection.server.ts";

/** GET: the account's expectations, a keyset page at a time. */
export const loader = accountLoader((_client, accountId, request) =>
  listExpectationsApi(db(), accountId, pageParams(request)),
);

/** POST or PUT: create or update one of the account's expectations by the external_id in the body. */
export const action = accountUpsert(ExpectationBody, (client, account, body, ip) =>
  apiUpsert(client, "expectations", body, { externalId: account.externalId }, ip),
);
