import type { Params } from "@remix-run/react";
import { canEditAccount } from "#app/domain/permissions.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { requireAccountRight } from "#app/routes/__account/account-right.server.ts";
import { redirectWithFlash } from "#app/web/flash.server.ts";

/**
 * The start of every staff write to an account's business reviews: a POST, by
 * the account's editor (anyone else gets the recorded 403), with the form's
 * fields as strings (`values`) beside the form itself. `ids` are the other ids
 * the URL names (requireAccountPage).
 */
export async function requireReviewEditor<K extends string = never>(request: Request, params: Params, ...ids: K[]) {
  requirePost(request);
  const page = await requireAccountRight(
    request,
    params,
    { may: canEditAccount, refusal: "review.notAllowed" },
    ...ids,
  );
  const context = await actionContext(request);
  const formData = await request.formData();
  const values: Record<string, string> = Object.fromEntries([...formData].map(([k, v]) => [k, String(v)]));
  return { ...page, ...context, request, formData, values };
}
export type ReviewEditor = Awaited<ReturnType<typeof requireReviewEditor<never>>>;

/** After a review write: to `to`, with the success message. */
export function redirectWithSuccess(request: Request, to: string, message: string) {
  return redirectWithFlash(request, to, message);
}
