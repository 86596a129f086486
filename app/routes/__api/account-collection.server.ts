import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import type { ApiClient } from "#app/models/api-tokens.server.ts";
import { requireAccountId } from "#app/models/api.server.ts";
import { apiJson, apiRoute, methodNotAllowed, readBody, requireApiClient, upsertReply } from "#app/web/api.server.ts";
import { clientIp } from "#app/web/request.server.ts";

// The routes under /api/v1/accounts/:externalId: the token is checked, then
// the account the URL names must be one the token reaches (404 otherwise),
// before anything of it is read or written.

/** GET: answers `read`'s JSON for the account the URL names. */
export function accountLoader(read: (client: ApiClient, accountId: string, request: Request) => Promise<unknown>) {
  return ({ request, params }: LoaderFunctionArgs) =>
    apiRoute(async () => {
      const client = await requireApiClient(request);
      const accountId = await requireAccountId(client, params.externalId);
      return apiJson(await read(client, accountId, request));
    });
}

/**
 * POST or PUT: creates or updates one record of the account the URL names (by
 * the external_id in the body, a `schema`), written by `write`: 201 when new, 200 when it was there.
 */
export function accountUpsert<S extends z.ZodType>(
  schema: S,
  write: (
    client: ApiClient,
    account: { id: string; externalId: string },
    body: z.output<S>,
    ip: string | null,
  ) => Promise<{ outcome: string; record: unknown }>,
) {
  return ({ request, params }: ActionFunctionArgs) =>
    apiRoute(async () => {
      if (request.method !== "POST" && request.method !== "PUT") return methodNotAllowed(["GET", "POST", "PUT"]);
      const client = await requireApiClient(request);
      const id = await requireAccountId(client, params.externalId);
      const body = await readBody(request, schema);
      return upsertReply(await write(client, { id, externalId: params.externalId! }, body, clientIp(request)));
    });
}
