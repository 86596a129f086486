import type { LoaderFunctionArgs } from "@remix-run/node";
import { inboxApi } from "#app/models/api-tasks.server.ts";
import { db } from "#app/utils/db.server.ts";
import { apiError, apiJson, apiRoute, methodNotAllowed, requireApiClient } from "#app/web/api.server.ts";

/** GET: the inbox of a personal token's user, most pressing first. A service token has no inbox (403). */
export const loader = ({ request }: LoaderFunctionArgs) =>
  apiRoute(async () => {
    const client = await requireApiClient(request);
    if (!client.personal) return apiError(403, [{ field: "Authorization", reason: "The inbox is personal: use a personal token." }]);
    return apiJson({ data: await inboxApi(db(), client) });
  });

/** The inbox is read here; items are dealt with in the app: only GET. */
export const action = () => apiRoute(async () => methodNotAllowed(["GET"]));
