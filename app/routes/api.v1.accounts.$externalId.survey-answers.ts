import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRecordSurveyAnswer, listSurveyAnswersApi } from "#app/models/api-ledger.server.ts";
import { requireAccountId } from "#app/models/api.server.ts";
import { SurveyAnswerBody } from "#app/schemas/api.ts";
import { apiJson, apiRoute, methodNotAllowed, pageParams, readBody, requireApiClient } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { clientIp } from "#app/web/request.server.ts";

/** GET: the account's survey answers (NPS and CSAT, from the portal and brought in), a keyset page at a time. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  apiRoute(async () => {
    const client = await requireApiClient(request);
    const accountId = await requireAccountId(client, params.externalId);
    return apiJson(await listSurveyAnswersApi(db(), accountId, pageParams(request)));
  });

/** POST or PUT: records one answer given outside the portal, by the external_id in the body. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  apiRoute(async () => {
    if (request.method !== "POST" && request.method !== "PUT") return methodNotAllowed(["GET", "POST", "PUT"]);
    const client = await requireApiClient(request);
    const accountId = await requireAccountId(client, params.externalId);
    const body = await readBody(request, SurveyAnswerBody);
    const { outcome, record } = await apiRecordSurveyAnswer(client, accountId, body, clientIp(request));
    return apiJson({ status: outcome, data: record }, outcome === "inserted" ? 201 : 200);
  });
