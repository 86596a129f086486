import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiReplan } from "#app/models/api-ledger.server.ts";
import { requireAccountId } from "#app/models/api.server.ts";
import { ReplanBody } from "#app/schemas/api.ts";
import { apiJson, apiRoute, methodNotAllowed, readBody, requireApiClient } from "#app/web/api.server.ts";
import { clientIp } from "#app/web/request.server.ts";

/** GET is not offered: the re-plans are in the expectation's history. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  apiRoute(async () => {
    await requireApiClient(request);
    return methodNotAllowed(["POST"]);
  });

/**
 * POST: re-plans one of the account's expectations (by its external id): the
 * only way its due date moves, with the reason and whether and when the customer was told.
 */
export const action = ({ request, params }: ActionFunctionArgs) =>
  apiRoute(async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const client = await requireApiClient(request);
    const accountId = await requireAccountId(client, params.externalId);
    const body = await readBody(request, ReplanBody);
    const result = await apiReplan(client, accountId, params.expectationId!, body, clientIp(request));
    return apiJson({ status: "replanned", ...result }, 201);
  });
