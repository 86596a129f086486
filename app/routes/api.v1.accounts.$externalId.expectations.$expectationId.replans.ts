import { apiReplan } from "#app/models/api-ledger.server.ts";
import { ReplanBody } from "#app/schemas/api.ts";
import { expectationPost } from "#app/routes/__api/expectation-post.server.ts";

/**
 * GET is not offered: the re-plans are in the expectation's history.
 * POST: re-plans one of the account's expectations (by its external id): the
 * only way its due date moves, with the reason and whether and when the customer was told.
 */
export const { loader, action } = expectationPost(ReplanBody, apiReplan, { status: "replanned", code: 201 });
