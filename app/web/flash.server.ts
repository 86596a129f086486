import { createCookie, redirect } from "@remix-run/node";
import { z } from "zod";
import { sessionSecret } from "#app/utils/session-secret.server.ts";
import { cookieSecure } from "./request.server.ts";
import { sessionSetCookie } from "./session.server.ts";

// A one-time message shown after a redirect ("Saved."), kept in a short signed cookie.
let cookie: ReturnType<typeof createCookie> | undefined;
const flashCookie = () =>
  (cookie ??= createCookie("kohtaamo_flash", { path: "/", httpOnly: true, sameSite: "lax", maxAge: 60, secrets: [sessionSecret()] }));

const Flash = z.object({ kind: z.enum(["success", "error"]), message: z.string().max(300) });
export type Flash = z.infer<typeof Flash>;

/** The Set-Cookie value carrying `flash` to the next page (Secure over HTTPS). */
export function setFlash(request: Request, flash: Flash): Promise<string> {
  return flashCookie().serialize(flash, { secure: cookieSecure(request) });
}

/** A redirect to `to` that says `message` there (a success unless `kind` says otherwise). */
export async function redirectWithFlash(
  request: Request,
  to: string,
  message: string,
  kind: Flash["kind"] = "success",
): Promise<Response> {
  return redirect(to, { headers: { "Set-Cookie": await setFlash(request, { kind, message }) } });
}

/**
 * Signed in afresh (a password set or changed): a redirect to `to` with the new
 * session's cookie, that says `message` there.
 */
export async function redirectWithSession(request: Request, to: string, session: string, message: string) {
  const headers = new Headers();
  headers.append("Set-Cookie", await sessionSetCookie(session, cookieSecure(request)));
  headers.append("Set-Cookie", await setFlash(request, { kind: "success", message }));
  return redirect(to, { headers });
}

/** Reads the flash and returns the header that clears it. */
export async function takeFlash(request: Request): Promise<{ flash: Flash | null; clear: string | null }> {
  const raw = await flashCookie().parse(request.headers.get("Cookie"));
  if (raw == null) return { flash: null, clear: null };
  const parsed = Flash.safeParse(raw);
  return { flash: parsed.success ? parsed.data : null, clear: await flashCookie().serialize("", { maxAge: 0, secure: cookieSecure(request) }) };
}
