import fs from "node:fs";
import SwaggerParser from "@apidevtools/swagger-parser";
import createClient from "openapi-fetch";
import { beforeEach, describe, expect, it } from "vitest";
import { createApiToken } from "#app/models/api-tokens.server.ts";
import { loader as openapiLoader } from "#app/routes/api.v1.openapi[.]json.ts";
import { db } from "#app/utils/db.server.ts";
import { apiRateLimit } from "#app/web/api.server.ts";
import { apiTypesFile, generateApiTypes } from "#scripts/api-types.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { createAccount, createUser } from "#tests/factories/index.ts";
import type { paths } from "#tests/api-client/openapi.d.ts";

// The API description as strict tools read it, and a client generated from it
// driving the API through the whole Remix request pipeline.

async function servedDocument() {
  return JSON.parse(await ((await openapiLoader()) as Response).text()) as Record<string, unknown>;
}

beforeEach(() => apiRateLimit.reset());

describe("GET /api/v1/openapi.json", () => {
  it("passes a strict OpenAPI 3.1 validator (every response described, every $ref resolved)", async () => {
    const document = await servedDocument();
    // validate() dereferences in place: give it a copy.
    const validated = await SwaggerParser.validate(structuredClone(document) as never);
    expect((validated as { openapi?: string }).openapi).toBe("3.1.0");
    const operations = Object.values(document.paths as Record<string, Record<string, { responses?: Record<string, { description?: string }> }>>)
      .flatMap((item) => Object.values(item))
      .filter((operation) => operation.responses);
    expect(operations.length).toBeGreaterThanOrEqual(13);
    for (const operation of operations) {
      for (const response of Object.values(operation.responses!)) expect(response.description).toMatch(/\w/);
    }
  });

  it("is refused by the validator when a response lacks its description (the check can fail)", async () => {
    const document = (await servedDocument()) as { paths: Record<string, { get: { responses: Record<string, object> } }> };
    const broken = structuredClone(document);
    broken.paths["/accounts"]!.get.responses["200"] = { content: {} };
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow(/description/);
  });

  it("matches the committed TypeScript types (npm run api:types regenerates them)", async () => {
    expect(fs.readFileSync(apiTypesFile, "utf8"), "tests/api-client/openapi.d.ts is stale: run npm run api:types").toBe(await generateApiTypes());
  });
});

describe("a typed client generated from the description", () => {
  it("lists, creates and reads back through the API as the types say", async () => {
    const admin = await createUser(db(), { role: "admin", name: "Ada Admin" });
    const kam = await createUser(db(), { role: "kam", name: "Kaisa KAM" });
    await createAccount(db(), { owner_id: kam.id, name: "Acme Oy", external_id: "C-1" });
    const { token } = await db()
      .transaction()
      .execute((trx) => createApiToken(trx, admin, { name: "CRM", scope: "read_write" }));
    const client = createClient<paths>({
      baseUrl: "http://localhost/api/v1",
      headers: { Authorization: `Bearer ${token}` },
      fetch: (request) => handle(request),
    });

    const listed = await client.GET("/accounts", { params: { query: { limit: 10 } } });
    expect(listed.response.status).toBe(200);
    expect(listed.data?.data.map((account) => account.external_id)).toEqual(["C-1"]);

    const created = await client.POST("/accounts/{externalId}/stakeholders", {
      params: { path: { externalId: "C-1" } },
      body: { external_id: "S-1", name: "Pia Päättäjä" },
    });
    expect(created.response.status).toBe(201);
    expect(created.data?.status).toBe("inserted");
    expect(created.data?.data?.name).toBe("Pia Päättäjä");

    const stakeholders = await client.GET("/accounts/{externalId}/stakeholders", { params: { path: { externalId: "C-1" } } });
    expect(stakeholders.data?.data.map((s) => s.external_id)).toEqual(["S-1"]);

    const missing = await client.GET("/accounts/{externalId}", { params: { path: { externalId: "NOPE" } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.errors.length).toBeGreaterThan(0);
  });
});
