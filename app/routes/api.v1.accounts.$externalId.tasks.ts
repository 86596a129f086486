import { listTasksApi, upsertTaskApi } from "#app/models/api-tasks.server.ts";
import { TaskBody } from "#app/schemas/api-tasks.ts";
import { db } from "#app/utils/db.server.ts";
import { pageParams } from "#app/web/api.server.ts";
import { accountLoader, accountUpsert } from "#app/routes/__api/account-collection.server.ts";

/** GET: the account's tasks the token's user may see (private ones of others left out), a keyset page at a time. */
export const loader = accountLoader((client, accountId, request) =>
  listTasksApi(db(), client, accountId, pageParams(request)),
);

/** POST or PUT: create or update one of the account's tasks by the external_id in the body. */
export const action = accountUpsert(TaskBody, (client, account, body, ip) =>
  db()
    .transaction()
    .execute((trx) => upsertTaskApi(trx, client, account.id, body, ip)),
);
