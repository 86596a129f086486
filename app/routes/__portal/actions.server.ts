import type { Submission } from "@conform-to/react";
import type { Locale, MessageKey } from "#app/i18n/index.ts";
import type { PortalUser } from "#app/web/auth.server.ts";
import { redirectWithFlash } from "#app/web/flash.server.ts";
import { writeErrorReply } from "#app/web/forms.server.ts";

// What the portal's actions share (commitments, proposals, feedback, reviews):
// who acts (the signed-in customer for their own account: the session's, never
// the form's), a write whose refusal becomes the form's reply, and the way back
// to the page with a thank-you.

/** The customer as the portal's models take them: their user, account and person, and where they write from. */
export function portalActor(user: PortalUser, ip: string | null) {
  return { userId: user.id, accountId: user.accountId, stakeholderId: user.stakeholderId, ip };
}

type AnySubmission = Submission<any, string[], any>;

/**
 * Runs a portal write for a checked submission. Null when it was done; a model's
 * refusal of a field as the form's reply (400, or 409 when someone saved
 * first), with the error for the caller to read; a 403 (recorded against the
 * customer) or a 404 (saying `notFound`) is thrown.
 */
export async function attemptPortalWrite<T extends AnySubmission>(
  submission: T,
  write: () => Promise<unknown>,
  context: { request: Request; user: PortalUser; locale: Locale; notFound?: MessageKey },
) {
  try {
    await write();
    return null;
  } catch (error) {
    const { request, user, locale, notFound } = context;
    const { status, result } = await writeErrorReply(error, submission, {
      request,
      actor: user,
      locale,
      ...(notFound ? { notFound } : {}),
    });
    return { status: status as number, result, error };
  }
}

/** Back to a portal page with a thank-you (the flash the layout shows). */
export function thankAndReturn(request: Request, to: string, message: string) {
  return redirectWithFlash(request, to, message);
}
