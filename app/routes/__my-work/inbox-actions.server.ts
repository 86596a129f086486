import { data } from "@remix-run/node";
import type { InboxActionError } from "#app/components/inbox-list.tsx";
import type { formatters } from "#app/i18n/index.ts";
import { handOverInboxItem, markInboxItemDone, snoozeInboxItem } from "#app/models/inbox.server.ts";
import { discardCapturedMail, placeCapturedMail } from "#app/models/mail-in.server.ts";
import { CapturedMailDiscardForm, CapturedMailPlaceForm } from "#app/schemas/mail-in.ts";
import { InboxDoneForm, InboxHandOverForm, InboxSnoozeForm } from "#app/schemas/task.ts";
import { db } from "#app/utils/db.server.ts";
import { ConflictError, FieldError, ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { badRequest, type InternalUser } from "#app/web/auth.server.ts";
import { redirectWithFlash } from "#app/web/flash.server.ts";

// My work's inbox intents: done, snooze and hand over act on the signed-in
// person's inbox only (an item not in it is "gone"); a captured mail is placed
// on an account (an e-mail touchpoint, as the log form writes it) or discarded.
// Each answers with a redirect and a flash message, or with the refusal beside
// its field and what was typed (status 400).

type Translate = ReturnType<typeof formatters>["t"];

interface Context {
  request: Request;
  user: InternalUser;
  t: Translate;
  ip: string | null;
}

function flash(request: Request, kind: "success" | "error", message: string) {
  return redirectWithFlash(request, "/my-work", message, kind);
}

/** A refusal shown beside the item's field, with what was typed. */
function refusal(inboxError: InboxActionError) {
  return data({ inboxError }, { status: 400 });
}

/** Places a captured mail on an account, or discards it. */
export async function handleMailIntent(
  { request, user, t, ip }: Context,
  intent: "placeMail" | "discardMail",
  fields: Record<string, string>,
) {
  const viewer = { id: user.id, role: user.role };
  const key = `captured_mail:${fields.mailId ?? ""}`;
  const refusedAt = (message: string) => refusal({ key, field: "account", message, value: fields.accountId ?? "" });
  try {
    if (intent === "discardMail") {
      const parsed = CapturedMailDiscardForm.safeParse(fields);
      if (!parsed.success) badRequest();
      await db()
        .transaction()
        .execute((trx) => discardCapturedMail(trx, { viewer, ip }, parsed.data));
      return flash(request, "success", t("mailIn.discarded"));
    }
    const parsed = CapturedMailPlaceForm.safeParse(fields);
    if (!parsed.success) {
      if (!CapturedMailDiscardForm.safeParse({ ...fields, intent: "discardMail" }).success) badRequest();
      return refusedAt(t("mailIn.accountRequired"));
    }
    const account = await db()
      .transaction()
      .execute(async (trx) => {
        await placeCapturedMail(trx, { viewer: { ...viewer, locale: user.locale }, ip }, parsed.data);
        return trx
          .selectFrom("accounts")
          .select("name")
          .where("id", "=", parsed.data.accountId)
          .executeTakeFirstOrThrow();
      });
    return flash(request, "success", t("mailIn.placed", { account: account.name }));
  } catch (error) {
    if (error instanceof NotFoundError && !error.message.includes("account"))
      return flash(request, "error", t("mailIn.gone"));
    if (error instanceof ConflictError) return flash(request, "error", t("mailIn.gone"));
    if (error instanceof ForbiddenError || error instanceof NotFoundError || error instanceof FieldError)
      return refusedAt(t("mailIn.cannotLog"));
    throw error;
  }
}

/** Done, snooze or hand over an item of the person's inbox. */
export async function handleInboxIntent(
  { request, user, t, ip }: Context,
  intent: "done" | "snooze" | "handOver",
  fields: Record<string, string>,
) {
  const viewer = { id: user.id, role: user.role };
  /** The model's refusal of the field's value (a day not ahead, someone who cannot take it). */
  const refused = (error: FieldError, field: "until" | "to", value: string) =>
    refusal({ key: fields.key ?? "", field, message: t(Object.values(error.fieldErrors)[0]!.key), value });
  try {
    if (intent === "done") {
      const parsed = InboxDoneForm.safeParse(fields);
      if (!parsed.success) badRequest();
      await db()
        .transaction()
        .execute((trx) => markInboxItemDone(trx, { viewer, ip }, parsed.data.key));
      return flash(request, "success", t("inbox.markedDone"));
    }
    if (intent === "snooze") {
      const parsed = InboxSnoozeForm.safeParse(fields);
      if (!parsed.success) {
        if (!InboxSnoozeForm.pick({ intent: true, key: true }).safeParse(fields).success) badRequest();
        return refusal({
          key: fields.key!,
          field: "until",
          message: t("inbox.refusal.snoozeNotAhead"),
          value: fields.until ?? "",
        });
      }
      try {
        await db()
          .transaction()
          .execute((trx) => snoozeInboxItem(trx, { viewer, ip }, parsed.data.key, parsed.data.until));
      } catch (error) {
        if (error instanceof FieldError) return refused(error, "until", parsed.data.until);
        throw error;
      }
      return flash(request, "success", t("inbox.snoozed", { date: parsed.data.until }));
    }
    const parsed = InboxHandOverForm.safeParse(fields);
    if (!parsed.success) {
      if (!InboxHandOverForm.pick({ intent: true, key: true }).safeParse(fields).success) badRequest();
      return refusal({ key: fields.key!, field: "to", message: t("inbox.refusal.notStaff"), value: fields.to ?? "" });
    }
    let name = "";
    try {
      name = await db()
        .transaction()
        .execute(async (trx) => {
          await handOverInboxItem(trx, { viewer, ip }, parsed.data.key, parsed.data.to);
          const to = await trx
            .selectFrom("users")
            .select("name")
            .where("id", "=", parsed.data.to)
            .executeTakeFirstOrThrow();
          return to.name;
        });
    } catch (error) {
      if (error instanceof FieldError) return refused(error, "to", parsed.data.to);
      throw error;
    }
    return flash(request, "success", t("inbox.handedOver", { name }));
  } catch (error) {
    if (error instanceof NotFoundError) return flash(request, "error", t("inbox.gone"));
    throw error;
  }
}
