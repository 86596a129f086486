import { apiUpsert, listTouchpointsApi } from "#app/models/api.server.ts";
import { TouchpointBody } from "#app/schemas/api.ts";
import { pageParams } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { accountLoader, accountUpsert } from "#app/routes/__api/account-collection.server.ts";

/** GET: the account's touchpoints, a keyset page at a time. */
export const loader = accountLoader((_client, accountId, request) =>
  listTouchpointsApi(db(), accountId, pageParams(request)),
);

/** POST or PUT: create or update one of the account's touchpoints by the external_id in the body. */
export const action = accountUpsert(TouchpointBody, (client, account, body, ip) =>
  apiUpsert(client, "touchpoints", body, { externalId: account.externalId }, ip),
);
