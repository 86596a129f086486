import { apiDeliver } from "#app/models/api-ledger.server.ts";
import { DeliveryBody } from "#app/schemas/api.ts";
import { expectationPost } from "#app/routes/__api/expectation-post.server.ts";

/**
 * GET is not offered: the delivery is part of the expectation's record.
 * POST: records what became of one of the account's open expectations, with the day it happened.
 */
export const { loader, action } = expectationPost(DeliveryBody, apiDeliver, { status: "delivered", code: 200 });
