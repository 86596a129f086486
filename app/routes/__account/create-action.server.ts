import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { z } from "zod";
import type { Translate } from "#app/i18n/index.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { requireInternalUser, type InternalUser } from "#app/web/auth.server.ts";
import { createOnce } from "#app/web/create-once.server.ts";
import { redirectWithFlash } from "#app/web/flash.server.ts";

/** What a creating write on an account is given besides the transaction: who and from where (and a translator). */
export interface CreateContext {
  actor: InternalUser;
  ip: string | null;
  t: Translate;
}

/**
 * The action of a page whose form creates one record on an account (a person,
 * an expectation, a touchpoint): a POST by a member of staff, the form read with
 * `schema` (its errors are the 400 reply), then `write` in one transaction and
 * once per submission (createOnce: a field error or a lost race is the reply the
 * form shows). Saved, it goes to `done` with the flash `saved` says, or "already
 * saved" when the same submission came again. `accountId` reads the account from
 * the URL or the form.
 */
export async function createOnAccount<S extends z.ZodType>(
  request: Request,
  form: {
    name: string;
    schema: S;
    accountId: (formData: FormData) => string;
    write: (
      trx: Trx,
      context: CreateContext,
      accountId: string,
      value: z.output<S>,
      formData: FormData,
    ) => Promise<unknown>;
    done: (accountId: string) => string;
    saved: (t: Translate, value: z.output<S>) => string;
  },
) {
  requirePost(request);
  const actor = await requireInternalUser(request);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  const accountId = form.accountId(formData);
  const submission = parseWithZod(formData, { schema: form.schema, error: errorMap });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { value } = submission;
  const { repeated, refused } = await createOnce(
    formData,
    form.name,
    submission,
    { request, actor, locale, accountId },
    (trx) => form.write(trx, { actor, ip, t }, accountId, value, formData),
  );
  if (refused) return refused;
  return redirectWithFlash(request, form.done(accountId), repeated ? t("form.alreadySaved") : form.saved(t, value));
}
