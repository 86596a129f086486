import { badRequest } from "#app/web/auth.server.ts";
import { calendarDate } from "#app/domain/time.ts";
import { formatters } from "#app/i18n/index.ts";
import {
  addProposedItem,
  addStaffComment,
  moveReview,
  recordReviewMeeting,
  removeProposedItem,
  updateReviewText,
} from "#app/models/business-reviews.server.ts";
import { oncePerSubmission } from "#app/web/create-once.server.ts";
import {
  RecordMeetingForm,
  ReviewCommentForm,
  ReviewItemForm,
  ReviewMoveForm,
  ReviewRemoveItemForm,
  ReviewTextForm,
} from "#app/schemas/business-review.ts";
import { db } from "#app/utils/db.server.ts";
import { reviewFormError, reviewWriteFailure } from "#app/web/review-forms.server.ts";
import { redirectWithSuccess, type ReviewEditor } from "./editor.server.ts";

// The staff review page's forms, one write per `intent`: each checks its form,
// writes in one transaction and answers the success message, or the form's
// refusal (reviewFormError) for the page to show beside its fields.

type Write = { editor: ReviewEditor; reviewId: string };
/** A refused form, or the message to flash once written. */
type Written = ReturnType<typeof reviewFormError> | string;

const ctx = ({ editor }: Write) => ({ actor: editor.user, ip: editor.ip });

async function saveText(w: Write): Promise<Written> {
  const { values, errorMap, accountId, t } = w.editor;
  const parsed = ReviewTextForm.safeParse(values, { error: errorMap });
  if (!parsed.success) return reviewFormError("saveText", parsed.error.issues, values);
  await db()
    .transaction()
    .execute((trx) => updateReviewText(trx, ctx(w), accountId, w.reviewId, parsed.data));
  return t("review.saved");
}

/** Share with the customer, or publish. */
async function move(w: Write): Promise<Written> {
  const { values, accountId, t } = w.editor;
  const parsed = ReviewMoveForm.safeParse(values);
  if (!parsed.success) badRequest();
  const to = parsed.data.intent === "share" ? "shared" : "published";
  const clock = { today: calendarDate(), now: new Date() };
  await db()
    .transaction()
    .execute((trx) => moveReview(trx, ctx(w), accountId, w.reviewId, to, parsed.data.version, clock));
  return t(to === "shared" ? "review.shared" : "review.published");
}

async function addItem(w: Write): Promise<Written> {
  const { values, errorMap, accountId, formData, user, t } = w.editor;
  const parsed = ReviewItemForm.safeParse(values, { error: errorMap });
  if (!parsed.success) return reviewFormError("addItem", parsed.error.issues, values);
  await oncePerSubmission(formData, user.id, "business_review_item", async (trx) => ({
    id: (await addProposedItem(trx, ctx(w), accountId, w.reviewId, parsed.data)).id,
  }));
  return t("review.itemAdded");
}

async function removeItem(w: Write): Promise<Written> {
  const { values, accountId, t } = w.editor;
  const parsed = ReviewRemoveItemForm.safeParse(values);
  if (!parsed.success) badRequest();
  await db()
    .transaction()
    .execute((trx) => removeProposedItem(trx, ctx(w), accountId, w.reviewId, parsed.data.itemId));
  return t("review.itemRemoved");
}

/** The items ticked as agreed at the meeting (agreed_<id>), each with its due_<id>, holder_<id>, category_<id>. */
function agreedItems(values: Record<string, string>) {
  return Object.keys(values)
    .filter((k) => k.startsWith("agreed_") && values[k] === "on")
    .map((k) => k.slice("agreed_".length))
    .map((id) => ({
      itemId: id,
      due_date: values[`due_${id}`] ?? "",
      holder_stakeholder_id: values[`holder_${id}`] ?? "",
      category: values[`category_${id}`] || undefined,
    }));
}

type Issue = { path: PropertyKey[]; message: string };

/** An agreed item's issue at its own field, named by its item: due_<id>, holder_<id>, agreed_<id>. */
function atItemField(issue: Issue, agreed: { itemId: string }[]): Issue {
  if (issue.path[0] !== "agreed" || typeof issue.path[1] !== "number") return issue;
  const id = agreed[issue.path[1]]?.itemId ?? "";
  const name = issue.path[2] === "holder_stakeholder_id" ? "holder" : issue.path[2] === "due_date" ? "due" : "agreed";
  return { ...issue, path: [`${name}_${id}`] };
}

/** The meeting held: who took part, and the items agreed (they enter the ledger). */
async function record(w: Write): Promise<Written> {
  const { values, errorMap, accountId, formData, t } = w.editor;
  const agreed = agreedItems(values);
  const parsed = RecordMeetingForm.safeParse(
    {
      ...values,
      stakeholder_ids: formData.getAll("stakeholder_ids").map(String),
      user_ids: formData.getAll("user_ids").map(String),
      agreed,
    },
    { error: errorMap },
  );
  if (!parsed.success) {
    return reviewFormError("record", parsed.error.issues.map((i) => atItemField(i, agreed)), values);
  }
  const { intent: _intent, ...input } = parsed.data;
  const recorded = await db()
    .transaction()
    .execute((trx) => recordReviewMeeting(trx, ctx(w), accountId, w.reviewId, input));
  return t("review.recorded", { count: recorded.expectationIds.length });
}

async function comment(w: Write): Promise<Written> {
  const { values, errorMap, accountId, formData, user, t } = w.editor;
  const parsed = ReviewCommentForm.safeParse(values, { error: errorMap });
  if (!parsed.success) {
    if (parsed.error.issues.some((i) => i.path[0] === "item_key")) badRequest();
    return reviewFormError(`comment:${values.item_key}`, parsed.error.issues, values);
  }
  await oncePerSubmission(formData, user.id, "business_review_comment", async (trx) => ({
    id: (await addStaffComment(trx, ctx(w), accountId, w.reviewId, parsed.data)).id,
  }));
  return t("review.commented");
}

const INTENTS = { saveText, share: move, publish: move, addItem, removeItem, comment, record } as const;

/**
 * The form the editor posted (its `intent`), written: back to the review with
 * the success message, or the form's refusal with what was typed. An unknown
 * intent is a 400.
 */
export async function writeReviewIntent(editor: ReviewEditor, reviewId: string) {
  const { values, formData, request, user, locale, accountId } = editor;
  // The checkbox lists, kept per value so a refused form comes back as it was ticked.
  for (const name of ["stakeholder_ids", "user_ids"])
    for (const id of formData.getAll(name)) values[`${name}:${String(id)}`] = "on";
  const intent = values.intent ?? "";
  if (!Object.hasOwn(INTENTS, intent)) badRequest();
  let written: Written;
  try {
    written = await INTENTS[intent as keyof typeof INTENTS]({ editor, reviewId });
  } catch (error) {
    const form = intent === "comment" ? `comment:${values.item_key}` : intent;
    return reviewWriteFailure(error, { request, actor: user, f: formatters(locale), form, values, accountId });
  }
  if (typeof written !== "string") return written;
  return redirectWithSuccess(request, `/accounts/${accountId}/reviews/${reviewId}`, written);
}
