import { z } from "zod";
import { authenticateToken, type ApiClient } from "#app/models/api-tokens.server.ts";
import { isPageCursor, type Paging } from "#app/models/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { appEnv } from "#app/utils/env.server.ts";
import { RefusedError, type Refusal } from "#app/utils/errors.server.ts";
import { BODY_LIMIT_BYTES } from "./body-limit.server.ts";
import { recordRefusal, requestFacts } from "./refusals.server.ts";

// The JSON API's plumbing: Bearer authentication, scopes, a per-token rate
// limit, body parsing and one error shape, {status, errors: [{field, reason}]}.
// Handlers throw a Response, or a RefusedError from a model; apiRoute answers either.

export interface ApiFieldError {
  field: string;
  reason: string;
}

export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

/** The answer to a create-or-update: the record, 201 when it is new, 200 when it was there. */
export function upsertReply({ outcome, record }: { outcome: string; record: unknown }): Response {
  return apiJson({ status: outcome, data: record }, outcome === "inserted" ? 201 : 200);
}

export function apiError(status: number, errors: ApiFieldError[], headers: Record<string, string> = {}): Response {
  return apiJson({ status, errors }, status, headers);
}

/**
 * A token bucket per API token: `perMinute` requests a minute on average, in
 * bursts of up to as many. Kept in this process's memory, so with several app
 * servers each grants its own allowance (see docs/api.md).
 */
export class TokenBuckets {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(public perMinute: number) {}

  /** Takes one request from the bucket; the seconds to wait when it is empty. */
  take(key: string, now = Date.now()): { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number } {
    const ratePerMs = this.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * ratePerMs);
    b.at = now;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.sweep(now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { allowed: true, remaining: Math.floor(b.tokens) };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / ratePerMs / 1000)) };
  }

  reset(): void {
    this.buckets.clear();
  }

  private sweep(now: number) {
    for (const [key, b] of this.buckets) if (now - b.at > 60_000) this.buckets.delete(key);
  }
}

export const apiRateLimit = new TokenBuckets(appEnv().API_RATE_LIMIT_PER_MINUTE);

/**
 * The client of a request: a valid Bearer token whose scope allows the method
 * (GET and HEAD need read; anything else read_write), within its rate limit.
 * Throws the 401, 403 or 429 response otherwise.
 */
export async function requireApiClient(request: Request): Promise<ApiClient> {
  const header = request.headers.get("Authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const challenge = { "WWW-Authenticate": 'Bearer realm="kohtaamo"' };
  const refuse = async (status: 401 | 403, reason: string, client?: ApiClient) => {
    await recordRefusal({ ...requestFacts(request), channel: "api", status, reason, actorId: client?.actor.id ?? null, role: client ? "api_token" : null });
    return apiError(status, [{ field: "Authorization", reason }], status === 401 ? challenge : {});
  };
  if (!match) throw await refuse(401, "Send an API token: Authorization: Bearer <token>.");
  const client = await authenticateToken(db(), match[1]!);
  if (!client) throw await refuse(401, "The token is not valid or has been revoked.");
  const limit = apiRateLimit.take(client.tokenId);
  if (!limit.allowed) {
    throw apiError(429, [{ field: "", reason: `Too many requests: at most ${apiRateLimit.perMinute} a minute per token.` }], {
      "Retry-After": String(limit.retryAfterSeconds),
    });
  }
  const writing = !["GET", "HEAD"].includes(request.method.toUpperCase());
  if (writing && client.scope !== "read_write") throw await refuse(403, "This token may only read.", client);
  return client;
}


/** The request's JSON body checked by `schema`: 400 for what is not JSON, 422 naming each invalid field. */
export async function readBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
  const text = await request.text();
  // The server refuses a larger body before it is read (app/web/body-limit.server.ts); this holds without it.
  if (Buffer.byteLength(text) > BODY_LIMIT_BYTES) throw apiError(413, [{ field: "", reason: "The body is larger than 1 MiB." }]);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw apiError(400, [{ field: "", reason: "The body is not valid JSON." }]);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw apiError(
      422,
      parsed.error.issues.map((issue) => ({
        field: issue.path.join(".") || (issue.code === "unrecognized_keys" ? issue.keys.join(", ") : ""),
        reason: issue.message,
      })),
    );
  }
  return parsed.data;
}

const REFUSAL_STATUS: Record<Refusal, number> = { invalid: 422, forbidden: 403, conflict: 409, notFound: 404 };

/**
 * Runs a handler, answering with the Response it throws (errors) as well as the
 * one it returns; a model's RefusedError becomes its status with the reasons.
 */
export async function apiRoute(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof Response) return error;
    if (error instanceof RefusedError) return apiError(REFUSAL_STATUS[error.refusal], error.problems);
    throw error;
  }
}

const PageParams = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
});

/** ?limit (1–200, default 50) and ?cursor (a next_cursor as given), or the 422 response. */
export function pageParams(request: Request): Paging {
  const url = new URL(request.url);
  const parsed = PageParams.safeParse({ limit: url.searchParams.get("limit") ?? undefined, cursor: url.searchParams.get("cursor") ?? undefined });
  if (!parsed.success) throw apiError(422, parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? ""), reason: i.message })));
  // A cursor that is not one would silently restart at the first page (and a sync loop forever).
  if (parsed.data.cursor && !isPageCursor(parsed.data.cursor)) {
    throw apiError(422, [{ field: "cursor", reason: "Not a cursor: pass next_cursor from the previous page as it is." }]);
  }
  return parsed.data;
}

export function methodNotAllowed(allowed: string[]): Response {
  return apiError(405, [{ field: "", reason: `Use ${allowed.join(" or ")}.` }], { Allow: allowed.join(", ") });
}
