import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireAccountId } from "#app/models/api.server.ts";
import { listTasksApi, upsertTaskApi } from "#app/models/api-tasks.server.ts";
import { TaskBody } from "#app/schemas/api-tasks.ts";
import { db } from "#app/utils/db.server.ts";
import { apiJson, apiRoute, methodNotAllowed, pageParams, readBody, requireApiClient } from "#app/web/api.server.ts";
import { clientIp } from "#app/web/request.server.ts";

/** GET: the account's tasks the token's user may see (private ones of others left out), a keyset page at a time. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  apiRoute(async () => {
    const client = await requireApiClient(request);
    const accountId = await requireAccountId(client, params.externalId);
    return apiJson(await listTasksApi(db(), client, accountId, pageParams(request)));
  });

/** POST or PUT: create or update one of the account's tasks by the external_id in the body. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  apiRoute(async () => {
    if (request.method !== "POST" && request.method !== "PUT") return methodNotAllowed(["GET", "POST", "PUT"]);
    const client = await requireApiClient(request);
    const accountId = await requireAccountId(client, params.externalId);
    const body = await readBody(request, TaskBody);
    const { outcome, record } = await db()
      .transaction()
      .execute((trx) => upsertTaskApi(trx, client, accountId, body, clientIp(request)));
    return apiJson({ status: outcome, data: record }, outcome === "inserted" ? 201 : 200);
  });
