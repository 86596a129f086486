import { apiRecordSurveyAnswer, listSurveyAnswersApi } from "#app/models/api-ledger.server.ts";
import { SurveyAnswerBody } from "#app/schemas/api.ts";
import { pageParams } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { accountLoader, accountUpsert } from "#app/routes/__api/account-collection.server.ts";

/** GET: the account's survey answers (NPS and CSAT, from the portal and brought in), a keyset page at a time. */
export const loader = accountLoader((_client, accountId, request) =>
  listSurveyAnswersApi(db(), accountId, pageParams(request)),
);

/** POST or PUT: records one answer given outside the portal, by the external_id in the body. */
export const action = accountUpsert(SurveyAnswerBody, (client, account, body, ip) =>
  apiRecordSurveyAnswer(client, account.id, body, ip),
);
