import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiDeliver } from "#app/models/api-ledger.server.ts";
import { requireAccountId } from "#app/models/api.server.ts";
import { DeliveryBody } from "#app/schemas/api.ts";
import { apiJson, apiRoute, methodNotAllowed, readBody, requireApiClient } from "#app/web/api.server.ts";
import { clientIp } from "#app/web/request.server.ts";

/** GET is not offered: the delivery is part of the expectation's record. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  apiRoute(async () => {
    await requireApiClient(request);
    return methodNotAllowed(["POST"]);
  });

/** POST: records what became of one of the account's open expectations, with the day it happened. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  apiRoute(async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const client = await requireApiClient(request);
    const accountId = await requireAccountId(client, params.externalId);
    const body = await readBody(request, DeliveryBody);
    const result = await apiDeliver(client, accountId, params.expectationId!, body, clientIp(request));
    return apiJson({ status: "delivered", ...result }, 200);
  });
