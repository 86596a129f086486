import { Form } from "@remix-run/react";
import type { PackComment } from "#app/components/review-pack.tsx";
import { LabelledField, SubmissionIdField } from "#app/components/ui/field.tsx";
import { plainFields, type PlainFormError } from "#app/components/ui/plain-fields.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";

// A business review in the portal, below its pack: the customer's comment on
// any part, and the next period (proposed commitments, the customer's own
// expectations, agenda points) with the forms to add to it. Plain forms that
// post without JavaScript; a refusal shows beside its field with what was typed.

export interface PortalReviewFormError extends PlainFormError {
  form: string;
}

/** The refusal for the form `form`, if the page's last one was its. */
function refusalOf(error: PortalReviewFormError | null, form: string) {
  return error && error.form === form ? error : null;
}

const input = "rounded-md border border-slate-400 px-2 py-1.5 text-sm";
const button = "rounded-md bg-sky-700 px-3 py-1.5 text-sm font-semibold text-white";

/** A text of up to 4,000 characters under its label, keeping what was typed, its refusal below it. */
function LongTextField({
  f,
  name,
  label,
  required = false,
}: {
  f: ReturnType<typeof plainFields>;
  name: string;
  label: string;
  required?: boolean;
}) {
  return (
    <LabelledField f={f} name={name} label={label}>
      <textarea
        {...f.field(name)}
        defaultValue={f.value(name)}
        rows={2}
        maxLength={4000}
        required={required}
        className={input}
      />
    </LabelledField>
  );
}

/** What the comment forms of a page share: the last refusal, whether the review is open, the submission id. */
export interface CommentFormsProps {
  error: PortalReviewFormError | null;
  open: boolean;
  submissionId: string;
}

export function CommentForm({ section, error, open, submissionId }: CommentFormsProps & { section: string }) {
  const { t } = useI18n();
  const f = plainFields(`comment-${section}`, refusalOf(error, `comment:${section}`));
  if (!open) return null;
  return (
    <details open={Boolean(f.mine)}>
      <summary className="cursor-pointer text-sm text-sky-800">{t("review.addComment")}</summary>
      <Form method="post" className="mt-2 flex flex-col gap-2" data-testid={`portal-comment-${section}`}>
        <input type="hidden" name="intent" value="comment" />
        <input type="hidden" name="item_key" value={section} />
        <SubmissionIdField value={submissionId} />
        <LongTextField f={f} name="body" label={t("review.comment")} required />
        {f.formError}
        <div>
          <button type="submit" className={button}>
            {t("review.sendComment")}
          </button>
        </div>
      </Form>
    </details>
  );
}

type AddIntent = "addExpectation" | "addAgenda";

function AddItemForm({
  intent,
  error,
  today,
  submissionId,
}: {
  intent: AddIntent;
  error: PortalReviewFormError | null;
  today: string;
  submissionId: string;
}) {
  const { t } = useI18n();
  const f = plainFields(intent, refusalOf(error, intent));
  return (
    <Form method="post" className="flex flex-col gap-2" data-testid={`portal-${intent}`}>
      <input type="hidden" name="intent" value={intent} />
      <SubmissionIdField value={submissionId} />
      {f.formError}
      <LabelledField
        f={f}
        name="title"
        label={t(intent === "addExpectation" ? "portalReview.expectationTitle" : "portalReview.agendaTitle")}
      >
        <input {...f.field("title")} defaultValue={f.value("title")} maxLength={300} required className={input} />
      </LabelledField>
      <LongTextField f={f} name="description" label={t("review.itemDescription")} />
      {intent === "addExpectation" ? (
        <LabelledField f={f} name="due_date" label={t("portalReview.expectedBy")}>
          <input
            {...f.field("due_date")}
            type="date"
            min={today}
            defaultValue={f.value("due_date")}
            className={input}
          />
        </LabelledField>
      ) : null}
      <div>
        <button type="submit" className={button}>
          {t(intent === "addExpectation" ? "portalReview.addExpectation" : "portalReview.addAgenda")}
        </button>
      </div>
    </Form>
  );
}

/** The customer's two adding forms, side by side, each in its own labelled section. */
export function AddItemForms({
  error,
  today,
  submissionIds,
}: {
  error: PortalReviewFormError | null;
  today: string;
  submissionIds: Record<AddIntent, string>;
}) {
  const { t } = useI18n();
  const forms = [
    { intent: "addExpectation", id: "add-expectation", title: t("portalReview.addExpectationHeading") },
    { intent: "addAgenda", id: "add-agenda", title: t("portalReview.addAgendaHeading") },
  ] as const;
  return (
    <div className="grid gap-4 sm:grid-cols-2 print:hidden">
      {forms.map((form) => (
        <section
          key={form.intent}
          aria-labelledby={form.id}
          className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-sky-200"
        >
          <h3 id={form.id} className="mb-2 font-semibold">
            {form.title}
          </h3>
          <AddItemForm intent={form.intent} error={error} today={today} submissionId={submissionIds[form.intent]} />
        </section>
      ))}
    </div>
  );
}

export interface PortalReviewItem {
  id: string;
  kind: string;
  title: string;
  description: string;
  due_date: string | null;
  expectation_id: string | null;
  stakeholder_name: string | null;
}

/** One group of the next period's items (proposed, the customer's, agenda), each with its comments and form. */
export function ItemGroup({
  kind,
  title,
  items,
  commentsOn,
  forms,
}: {
  kind: string;
  title: string;
  items: PortalReviewItem[];
  commentsOn: (key: string) => PackComment[];
  forms: CommentFormsProps;
}) {
  const { t, date } = useI18n();
  return (
    <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-sky-200 print:p-0 print:shadow-none print:ring-0">
      <h3 className="font-semibold">{title}</h3>
      {items.length ? (
        <ul className="mt-2 flex flex-col gap-3">
          {items.map((i) => (
            <li key={i.id} className="text-sm" data-testid={`portal-item-${kind}`}>
              <p className="font-medium">{i.title}</p>
              {i.description ? <p className="whitespace-pre-line">{i.description}</p> : null}
              <p className="text-slate-600">
                {i.due_date ? t("review.dueOn", { date: date(i.due_date) }) : ""}
                {i.stakeholder_name ? ` · ${i.stakeholder_name}` : ""}
                {i.expectation_id ? ` · ${t("portalReview.agreed")}` : ""}
              </p>
              {commentsOn(`item:${i.id}`).map((c) => (
                <p key={c.id} className="border-l-4 border-slate-200 pl-3" data-testid="pack-comment">
                  <span className="text-slate-600">{c.who ?? t("portalReview.yourKam")}: </span>
                  {c.body}
                </p>
              ))}
              <div className="print:hidden">
                <CommentForm section={`item:${i.id}`} {...forms} />
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-sm text-slate-700">{t("review.noItems")}</p>
      )}
    </div>
  );
}
