import type { Submission } from "@conform-to/react";
import { data } from "@remix-run/node";
import { once, type SubmissionResult } from "#app/models/form-submissions.server.ts";
import { db, type Trx } from "#app/utils/db.server.ts";
import { writeErrorReply, type WriteErrorContext } from "./forms.server.ts";
import { submissionKey } from "./submission.server.ts";

/**
 * `write` in one transaction, once per submission of the creating form `form`
 * (as submissionKey names it): posting the same form again writes nothing and
 * gets the first post's result back (`repeated`).
 */
export function oncePerSubmission<R extends SubmissionResult>(
  formData: FormData,
  userId: string,
  form: string,
  write: (trx: Trx) => Promise<R>,
) {
  return db()
    .transaction()
    .execute((trx) => once(trx, submissionKey(formData, userId, form), () => write(trx)));
}

/**
 * A creating form's write (`form` names it, as in submissionKey), in one
 * transaction and once per submission: posting the same form again writes
 * nothing and says so (`repeated`). A refusal the form shows (a field error, a
 * lost race) comes back as the action's reply (`refused`); the rest are thrown
 * as writeErrorReply throws them.
 */
export async function createOnce<T extends Submission<any, string[], any>>(
  formData: FormData,
  form: string,
  submission: T,
  context: WriteErrorContext & { actor: NonNullable<WriteErrorContext["actor"]> },
  write: (trx: Trx) => Promise<unknown>,
) {
  try {
    const { repeated } = await oncePerSubmission(formData, context.actor.id, form, async (trx) => {
      await write(trx);
      return {};
    });
    return { repeated, refused: null };
  } catch (error) {
    const { status, result } = await writeErrorReply(error, submission, context);
    return { repeated: false, refused: data({ result }, { status }) };
  }
}
