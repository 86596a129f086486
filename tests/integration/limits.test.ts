import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server.ts";
import { BODY_LIMIT_BYTES, limitRequestBody } from "#app/web/body-limit.server.ts";
import { createAccount, createUser } from "#tests/factories/index.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { request, sessionCookieFor } from "#tests/setup/requests.ts";

// The body limit as scripts/server.mjs applies it, on a real HTTP server: what it
// lets through reaches the next handler (here one that reads the body and says
// how long it was); what it refuses is answered before the body is sent.

let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((req, res) =>
    limitRequestBody(req, res, () => {
      let length = 0;
      req.on("data", (chunk: Buffer) => (length += chunk.length));
      req.on("end", () => res.end(`read ${length}`));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/**
 * Sends the headers and at most `sendBytes` of a body of `declared` bytes, then
 * waits for the answer; a refusal arrives without the rest being sent.
 */
function post(path: string, opts: { declared?: number; chunked?: boolean; sendBytes: number }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
    if (opts.declared !== undefined) headers["Content-Length"] = String(opts.declared);
    if (opts.chunked) headers["Transfer-Encoding"] = "chunked";
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    // The server may close the connection while the body is still going out: the answer counts, not the write.
    req.on("error", (error) => (req.writableEnded ? reject(error) : undefined));
    req.write(Buffer.alloc(opts.sendBytes, "a"));
    if (opts.declared === undefined || opts.sendBytes === opts.declared) req.end();
  });
}

describe("request body limit", () => {
  it("answers a 50 MB form post with 413 before the body is sent", async () => {
    const res = await post("/login", { declared: 50 * 1024 * 1024, sendBytes: 64 * 1024 });
    expect(res.status).toBe(413);
    expect(res.text).toContain("too large");
    expect(res.text).toContain("liian suuri");
  });

  it("refuses an oversized API body and a chunked body of unknown length", async () => {
    const api = await post("/api/v1/accounts", { declared: BODY_LIMIT_BYTES + 1, sendBytes: 1024 });
    expect(api.status).toBe(413);
    expect(JSON.parse(api.text)).toEqual({ status: 413, errors: [{ field: "", reason: expect.stringContaining("too large") }] });
    expect((await post("/accounts/new", { chunked: true, sendBytes: 1024 })).status).toBe(411);
  });

  it("lets a form within the limit through whole, and leaves the CSV upload to its own limit", async () => {
    expect(await post("/accounts/new", { declared: BODY_LIMIT_BYTES, sendBytes: BODY_LIMIT_BYTES })).toEqual({ status: 200, text: `read ${BODY_LIMIT_BYTES}` });
    const upload = 3 * BODY_LIMIT_BYTES;
    expect(await post("/import", { declared: upload, sendBytes: upload })).toEqual({ status: 200, text: `read ${upload}` });
  });
});

describe("cache headers", () => {
  it("marks signed-in pages, their data and exports private and not to be stored", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: kam.id });
    const cookie = await sessionCookieFor(kam.id);
    for (const path of ["/accounts", `/accounts/${account.id}`, "/accounts.data", `/accounts/${account.id}.data`, "/accounts.csv", "/login"]) {
      const res = await handle(request(path, { cookie: path === "/login" ? undefined : cookie }));
      expect(res.status, path).toBe(200);
      expect(res.headers.get("Cache-Control"), path).toBe("private, no-store");
      await res.arrayBuffer();
    }
  });
});
