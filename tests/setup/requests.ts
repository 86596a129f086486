import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "#app/utils/db.server.ts";
import type { Locale } from "#app/i18n/index.ts";
import { localeCookie } from "#app/web/locale.server.ts";
import { createSession } from "#app/web/session.server.ts";

const BASE = "http://localhost";

/** A Cookie header for a fresh session of this user, as the browser would send it. */
export async function sessionCookieFor(userId: string): Promise<string> {
  const setCookie = await createSession(db(), userId);
  return setCookie.split(";")[0]!;
}

/** A Cookie header choosing the language, signed as the app signs it. */
export async function localeCookieFor(locale: Locale): Promise<string> {
  return (await localeCookie().serialize(locale)).split(";")[0]!;
}

export function request(path: string, init: RequestInit & { cookie?: string | undefined } = {}): Request {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(new URL(path, BASE), { ...init, headers });
}

export function formRequest(path: string, fields: Record<string, string>, cookie?: string): Request {
  return request(path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    cookie,
  });
}

/**
 * Calls an API resource route's loader or action as a client would: the token
 * as a bearer, a body as JSON (a string as it is). Its status, headers and JSON body.
 */
export async function apiCall(
  handler: (args: never) => unknown,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  params: Record<string, string> = {},
) {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const req = request(path, { method, headers, body: payload });
  const response = (await (handler as (args: unknown) => Promise<Response>)({
    request: req,
    params,
    context: {},
  })) as Response;
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, any> };
}

type Handler<A> = (args: A) => unknown;

/** Calls a loader or action like Remix does, returning what it returned or threw. */
export async function run<A extends LoaderFunctionArgs | ActionFunctionArgs>(
  handler: Handler<A>,
  req: Request,
  params: Record<string, string> = {},
): Promise<{ thrown: boolean; value: unknown }> {
  try {
    const value = await handler({ request: req, params, context: {} } as A);
    return { thrown: false, value };
  } catch (value) {
    return { thrown: true, value };
  }
}

/** The HTTP status of a returned or thrown Response (or single-fetch data()), 200 for plain data. */
export function statusOf(result: { value: unknown }): number {
  const v = result.value as { status?: number; init?: { status?: number } } | null;
  if (v instanceof Response) return v.status;
  if (v && typeof v === "object" && "init" in v && v.init) return v.init.status ?? 200;
  return 200;
}

export function locationOf(result: { value: unknown }): string | null {
  return result.value instanceof Response ? result.value.headers.get("Location") : null;
}
