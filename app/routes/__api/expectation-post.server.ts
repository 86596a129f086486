import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import type { ApiClient } from "#app/models/api-tokens.server.ts";
import { requireAccountId } from "#app/models/api.server.ts";
import { apiJson, apiRoute, methodNotAllowed, readBody, requireApiClient } from "#app/web/api.server.ts";
import { clientIp } from "#app/web/request.server.ts";

/**
 * The loader and action of a resource that one of an account's expectations
 * (by its external id) only takes by POST: its delivery, its re-plans. GET is
 * not offered (405, after the token is checked). POST reads a `body` of
 * `schema`, writes it with `write` and answers `{ status, …what it returns }`
 * with `code`.
 */
export function expectationPost<S extends z.ZodType>(
  schema: S,
  write: (
    client: ApiClient,
    accountId: string,
    expectationId: string,
    body: z.output<S>,
    ip: string | null,
  ) => Promise<Record<string, unknown>>,
  reply: { status: string; code: number },
) {
  const loader = ({ request }: LoaderFunctionArgs) =>
    apiRoute(async () => {
      await requireApiClient(request);
      return methodNotAllowed(["POST"]);
    });
  const action = ({ request, params }: ActionFunctionArgs) =>
    apiRoute(async () => {
      if (request.method !== "POST") return methodNotAllowed(["POST"]);
      const client = await requireApiClient(request);
      const accountId = await requireAccountId(client, params.externalId);
      const body = await readBody(request, schema);
      const result = await write(client, accountId, params.expectationId!, body, clientIp(request));
      return apiJson({ status: reply.status, ...result }, reply.code);
    });
  return { loader, action };
}
