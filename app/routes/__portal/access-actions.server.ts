import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import { wakeOutboxWorker } from "#app/models/outbox-worker.server.ts";
import { canHoldInvitationLink } from "#app/domain/permissions.ts";
import { askNpsAgain, NpsAgainError } from "#app/models/nps-again.server.ts";
import {
  createInvitation,
  PortalAccessError,
  revokeAccess,
  revokeInvitation,
} from "#app/models/portal-access.server.ts";
import { AskNpsAgainForm, InviteForm, RevokeAccessForm, RevokeInvitationForm } from "#app/schemas/portal.ts";
import type { z } from "zod";
import type { MessageKey } from "#app/i18n/index.ts";
import { db, type Trx } from "#app/utils/db.server.ts";
import { mailSending } from "#app/utils/env.server.ts";
import type { actionContext } from "#app/web/actions.server.ts";
import { badRequest, type InternalUser } from "#app/web/auth.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { invitationLimits } from "#app/web/rate-limit.server.ts";

// What the account's KAM or an administrator does on the portal access page
// (the route has checked that they may): invite a person, end a person's
// access or a pending invitation, ask a person the NPS question again. Each
// for the account of the page only; a model's refusal is thrown to the route.

/** The request, who acts, the page's account, the form sent, and the action's language and address. */
export type AccessActionContext = Awaited<ReturnType<typeof actionContext>> & {
  request: Request;
  user: InternalUser;
  accountId: string;
  formData: FormData;
};

/** The answer to the form's intent, or null when the intent is none of these. */
export async function portalAccessIntent(ctx: AccessActionContext) {
  const intent = ctx.formData.get("intent");
  if (intent === "invite") return invite(ctx);
  if (intent === "revoke") return endOne(ctx, RevokeAccessForm, "user_id", revokeAccess, "portalAccess.revokedMsg");
  if (intent === "ask_nps") return askAgain(ctx);
  if (intent === "revoke_invitation") {
    return endOne(ctx, RevokeInvitationForm, "invitation_id", revokeInvitation, "portalAccess.invitationRevokedMsg");
  }
  return null;
}

async function backWith(ctx: AccessActionContext, kind: "success" | "error", message: string) {
  return redirect(`/accounts/${ctx.accountId}/portal-access`, {
    headers: { "Set-Cookie": await setFlash(ctx.request, { kind, message }) },
  });
}

/**
 * A one-time invitation, mailed to the person. Its link is shown, in this one
 * response only (never cached), to an administrator, never to the account's
 * KAM, whose figures the customer's answers make (canHoldInvitationLink).
 */
async function invite(ctx: AccessActionContext) {
  const { request, user, accountId, formData, t, errorMap, ip } = ctx;
  const submission = parseWithZod(formData, { schema: InviteForm, error: errorMap });
  // Sending is limited per client address and per member of staff, like accepting.
  const limit = invitationLimits.check(ip, `inviter:${user.id}`);
  if (!limit.allowed) {
    const result = submission.reply({
      formErrors: [t("portalAccess.tooMany", { seconds: limit.retryAfterSeconds })],
    });
    return data(
      { result, invitation: null },
      { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
    );
  }
  if (submission.status !== "success") return data({ result: submission.reply(), invitation: null }, { status: 400 });
  try {
    const created = await db()
      .transaction()
      .execute((trx) => createInvitation(trx, { actor: user, ip }, accountId, submission.value.stakeholder_id));
    const link = new URL(`/portal/invite/${created.token}`, request.url).toString();
    wakeOutboxWorker();
    return data(
      {
        result: submission.reply({ resetForm: true }),
        invitation: {
          link: canHoldInvitationLink(user) ? link : null,
          email: created.invitation.email,
          name: created.stakeholderName,
          expiresAt: created.invitation.expires_at,
          mailed: mailSending(),
        },
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    if (error instanceof PortalAccessError) {
      const result = submission.reply({ fieldErrors: { stakeholder_id: [t(`portalAccess.error.${error.code}`)] } });
      return data({ result, invitation: null }, { status: 400 });
    }
    throw error;
  }
}

async function askAgain(ctx: AccessActionContext) {
  const parsed = AskNpsAgainForm.safeParse(Object.fromEntries(ctx.formData));
  if (!parsed.success) badRequest();
  try {
    const { name } = await db()
      .transaction()
      .execute((trx) => askNpsAgain(trx, { actor: ctx.user, ip: ctx.ip }, ctx.accountId, parsed.data.stakeholder_id));
    return backWith(ctx, "success", ctx.t("npsAgain.done", { name }));
  } catch (error) {
    if (!(error instanceof NpsAgainError)) throw error;
    const message = ctx.t(error.code === "left" ? "npsAgain.left" : "npsAgain.noPortal", { name: error.personName });
    return backWith(ctx, "error", message);
  }
}

/**
 * Ending one thing of the account's portal (a person's access, a pending
 * invitation): its id read from the form by `schema` (400 if it is not one),
 * the model's `end` in a transaction, then back to the page saying `done`.
 */
async function endOne<K extends string>(
  ctx: AccessActionContext,
  schema: z.ZodType<Record<K, string>>,
  key: K,
  end: (trx: Trx, context: Parameters<typeof revokeAccess>[1], accountId: string, id: string) => Promise<void>,
  done: MessageKey,
) {
  const parsed = schema.safeParse(Object.fromEntries(ctx.formData));
  if (!parsed.success) badRequest();
  await db()
    .transaction()
    .execute((trx) => end(trx, { actor: ctx.user, ip: ctx.ip }, ctx.accountId, parsed.data[key]));
  return backWith(ctx, "success", ctx.t(done));
}
