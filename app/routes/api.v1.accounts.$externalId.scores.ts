import { calendarDate } from "#app/domain/time.ts";
import { getAccountScoresApi } from "#app/models/api-scores.server.ts";
import { apiRoute, methodNotAllowed } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { accountLoader } from "#app/routes/__api/account-collection.server.ts";

/** GET: the account's predictability, NPS, coverage, health and open signals, as its page shows them. */
export const loader = accountLoader(async (_client, accountId) => ({
  data: await getAccountScoresApi(db(), accountId, calendarDate()),
}));

/** The scores are computed, never written: only GET. */
export const action = () => apiRoute(async () => methodNotAllowed(["GET"]));
