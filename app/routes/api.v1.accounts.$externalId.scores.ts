import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarDate } from "#app/domain/time.ts";
import { requireAccountId } from "#app/models/api.server.ts";
import { getAccountScoresApi } from "#app/models/api-scores.server.ts";
import { apiJson, apiRoute, methodNotAllowed, requireApiClient } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";

/** GET: the account's predictability, NPS, coverage, health and open signals, as its page shows them. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  apiRoute(async () => {
    const client = await requireApiClient(request);
    const accountId = await requireAccountId(client, params.externalId);
    return apiJson({ data: await getAccountScoresApi(db(), accountId, calendarDate()) });
  });

/** The scores are computed, never written: only GET. */
export const action = () => apiRoute(async () => methodNotAllowed(["GET"]));
