import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiUpsert, getAccountApi, NO_ACCOUNT } from "#app/models/api.server.ts";
import { AccountBody } from "#app/schemas/api.ts";
import { apiError, apiJson, apiRoute, methodNotAllowed, readBody, requireApiClient, upsertReply } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { clientIp } from "#app/web/request.server.ts";

/** GET: one account by its external id. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  apiRoute(async () => {
    const client = await requireApiClient(request);
    const account = await getAccountApi(db(), client, params.externalId ?? "");
    if (!account) return apiError(404, [{ field: "externalId", reason: NO_ACCOUNT }]);
    return apiJson({ data: account });
  });

/** PUT: create or update the account with this external id. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  apiRoute(async () => {
    if (request.method !== "PUT") return methodNotAllowed(["GET", "PUT"]);
    const client = await requireApiClient(request);
    const body = await readBody(request, AccountBody);
    return upsertReply(await apiUpsert(client, "accounts", { ...body, external_id: params.externalId }, null, clientIp(request)));
  });
