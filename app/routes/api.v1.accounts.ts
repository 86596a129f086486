import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiUpsert, listAccountsApi } from "#app/models/api.server.ts";
import { AccountCreateBody } from "#app/schemas/api.ts";
import { apiJson, apiRoute, methodNotAllowed, pageParams, readBody, requireApiClient, upsertReply } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { clientIp } from "#app/web/request.server.ts";

/** GET: accounts, a keyset page at a time. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  apiRoute(async () => {
    const client = await requireApiClient(request);
    return apiJson(await listAccountsApi(db(), client, pageParams(request)));
  });

/** POST or PUT: create or update an account by the external_id in the body. */
export const action = ({ request }: ActionFunctionArgs) =>
  apiRoute(async () => {
    if (request.method !== "POST" && request.method !== "PUT") return methodNotAllowed(["GET", "POST", "PUT"]);
    const client = await requireApiClient(request);
    const body = await readBody(request, AccountCreateBody);
    return upsertReply(await apiUpsert(client, "accounts", body, null, clientIp(request)));
  });
