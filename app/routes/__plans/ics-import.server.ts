import { data, redirect } from "@remix-run/node";
import { MAX_ICS_BYTES, type ImportSkip } from "#app/domain/calendar.ts";
import { canPlanTouchpoint } from "#app/domain/permissions.ts";
import type { formatters, MessageKey } from "#app/i18n/index.ts";
import { importIcs } from "#app/models/calendar.server.ts";
import { oncePerSubmission } from "#app/web/create-once.server.ts";
import { FieldError, ForbiddenError } from "#app/utils/errors.server.ts";
import type { InternalUser } from "#app/web/auth.server.ts";
import { badRequest, forbidden } from "#app/web/auth.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { readUploadForm, UploadMalformedError, UploadTooLargeError } from "#app/web/upload.server.ts";

// The Planned page's .ics import (a multipart form): the file read with a size
// limit, its events planned on the account in one transaction, once per
// submission. Answers with a redirect and a flash that counts what was planned
// and skipped, or with the refusal beside the file field (status 400).

type Translate = ReturnType<typeof formatters>["t"];

const SKIPS: readonly ImportSkip[] = ["allDay", "inPast", "tooFar", "noTitle", "already"];

export async function handleIcsImport(
  request: Request,
  user: InternalUser,
  account: { id: string; owner_id: string },
  ctx: { t: Translate; ip: string | null; back: string },
) {
  if (!canPlanTouchpoint(user, account)) throw await forbidden(request, user, "plan.notAllowed", { accountId: account.id });
  const refuse = (key: MessageKey, params?: Record<string, string | number>) => data({ icsError: ctx.t(key, params) }, { status: 400 });
  let form: FormData;
  try {
    form = await readUploadForm(request, MAX_ICS_BYTES + 64 * 1024);
  } catch (error) {
    if (error instanceof UploadTooLargeError) return refuse("calendar.import.tooLarge");
    if (error instanceof UploadMalformedError) badRequest();
    throw error;
  }
  if (form.get("intent") !== "importIcs") badRequest();
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return refuse("calendar.import.noFile");
  if (file.size > MAX_ICS_BYTES) return refuse("calendar.import.tooLarge");
  const text = await file.text();
  try {
    const { result } = await oncePerSubmission(form, user.id, "importIcs", async (trx): Promise<Record<string, number>> => {
      const done = await importIcs(trx, { actor: user, ip: ctx.ip }, account.id, text);
      return { planned: done.planned, participants: done.participants, ...Object.fromEntries(SKIPS.map((s) => [s, done.skipped[s] ?? 0])) };
    });
    const skipped = SKIPS.filter((s) => Number(result[s] ?? 0) > 0).map((s) => ctx.t(`calendar.import.skip.${s}`, { count: Number(result[s]) }));
    const message = [
      ctx.t("calendar.import.done", { planned: Number(result.planned ?? 0), participants: Number(result.participants ?? 0) }),
      ...(skipped.length ? [ctx.t("calendar.import.skipped", { list: skipped.join(", ") })] : []),
    ].join(" ");
    return redirect(ctx.back, { headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) } });
  } catch (error) {
    if (error instanceof ForbiddenError) throw await forbidden(request, user, "plan.notAllowed", { accountId: account.id });
    if (error instanceof FieldError) {
      const m = Object.values(error.fieldErrors)[0]!;
      return refuse(m.key as MessageKey, m.params as Record<string, string | number> | undefined);
    }
    throw error;
  }
}
