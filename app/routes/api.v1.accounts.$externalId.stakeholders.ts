import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiUpsert, listStakeholdersApi, requireAccountId } from "#app/models/api.server.ts";
import { StakeholderBody } from "#app/schemas/api.ts";
import { apiJson, apiRoute, methodNotAllowed, pageParams, readBody, requireApiClient } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { clientIp } from "#app/web/request.server.ts";

/** GET: the account's stakeholders, a keyset page at a time. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  apiRoute(async () => {
    const client = await requireApiClient(request);
    const accountId = await requireAccountId(client, params.externalId);
    return apiJson(await listStakeholdersApi(db(), accountId, pageParams(request)));
  });

/** POST or PUT: create or update one of the account's stakeholders by the external_id in the body. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  apiRoute(async () => {
    if (request.method !== "POST" && request.method !== "PUT") return methodNotAllowed(["GET", "POST", "PUT"]);
    const client = await requireApiClient(request);
    await requireAccountId(client, params.externalId);
    const body = await readBody(request, StakeholderBody);
    const { outcome, record } = await apiUpsert(client, "stakeholders", body, { externalId: params.externalId! }, clientIp(request));
    return apiJson({ status: outcome, data: record }, outcome === "inserted" ? 201 : 200);
  });
