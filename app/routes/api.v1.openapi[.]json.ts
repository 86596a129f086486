import { openApiDocument } from "#app/web/openapi.server.ts";

// GET /api/v1/openapi.json: the OpenAPI 3.1 description of /api/v1 (app/web/openapi.server.ts). Public: it holds no data.

let cached: string | null = null;

export function loader() {
  cached ??= JSON.stringify(openApiDocument(), null, 2);
  return new Response(cached, { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
