import { Form, useNavigation } from "@remix-run/react";
import { PrintButton } from "#app/components/print-button.tsx";
import { Section, type PackComment } from "#app/components/review-pack.tsx";
import type { ReviewSection } from "#app/domain/review-pack.ts";
import type { MessageKey } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { LabelledField, NamedOptions, SubmissionIdField } from "#app/components/ui/field.tsx";
import { useField, type ReviewFormErrorView } from "./fields.tsx";

// The staff review page's forms: the KAM's words, share / publish, proposed
// commitments, comments. Plain forms that post without JavaScript; a refusal
// shows beside its field with what was typed.

export interface ReviewItemView {
  id: string;
  kind: string;
  title: string;
  description: string;
  due_date: string | null;
  importance: number;
  from_customer: boolean;
  expectation_id: string | null;
  stakeholder_id: string | null;
  stakeholder_name: string | null;
  created_by_name: string | null;
}

export interface ReviewPageData {
  account: { id: string; name: string };
  review: { id: string; title: string; state: string; summary: string; highlights: string; version: number; [key: string]: unknown };
  items: ReviewItemView[];
  comments: PackComment[];
  canEdit: boolean;
  canEditText: boolean;
  canEditItems: boolean;
  /** The creating forms' submission ids (one comment or item per form posted). */
  submissionIds?: { comment: string; item: string } | undefined;
}

const input = "rounded-md border border-slate-400 px-2 py-1.5 text-sm";
const button = "rounded-md bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60";

/** Print, share and publish. */
export function ReviewActions({ data, error }: { data: ReviewPageData; error: ReviewFormErrorView | null }) {
  const { t } = useI18n();
  const { review } = data;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const moveError = error && (error.form === "share" || error.form === "publish") ? error.fields[""] : null;
  return (
    <div className="flex flex-wrap items-center gap-2 print:hidden">
      <PrintButton />
      {data.canEdit && review.state === "draft" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="share" />
          <input type="hidden" name="version" value={review.version} />
          <button type="submit" disabled={busy} className="rounded-md border border-brand-700 px-3 py-1.5 text-sm font-semibold text-brand-700">{t("review.share")}</button>
        </Form>
      ) : null}
      {data.canEdit && (review.state === "draft" || review.state === "shared") ? (
        <Form method="post">
          <input type="hidden" name="intent" value="publish" />
          <input type="hidden" name="version" value={review.version} />
          <button type="submit" disabled={busy} className={button} data-testid="review-publish">{t("review.publish")}</button>
        </Form>
      ) : null}
      <p className="w-full text-sm text-slate-700">{t(`review.stateHelp.${review.state}` as MessageKey)}</p>
      {moveError ? <p role="alert" className="w-full text-sm text-red-800">{moveError}</p> : null}
    </div>
  );
}

/** The summary and highlights: shown as text, with the editor beneath while they may change. */
export function ReviewWords({ data, error }: { data: ReviewPageData; error: ReviewFormErrorView | null }) {
  const { t } = useI18n();
  const { review } = data;
  const f = useField(error, "saveText", "words");
  const on = (key: ReviewSection) => data.comments.filter((c) => c.item_key === key);
  return (
    <>
      <Section id="summary" title={t("review.summary")} comments={on("summary")} aside={<CommentForm data={data} error={error} section="summary" />}>
        <p className="whitespace-pre-line" data-testid="review-summary">{review.summary || t("review.noSummary")}</p>
      </Section>
      <Section id="highlights" title={t("review.highlights")} comments={on("highlights")} aside={<CommentForm data={data} error={error} section="highlights" />}>
        <p className="whitespace-pre-line">{review.highlights || t("review.noHighlights")}</p>
      </Section>
      {data.canEditText ? (
        <details className="rounded-lg border border-slate-300 bg-white p-4 print:hidden" open={Boolean(f.mine)}>
          <summary className="cursor-pointer font-semibold">{t("review.editWords")}</summary>
          <Form method="post" className="mt-3 flex flex-col gap-3" data-testid="review-words">
            <input type="hidden" name="intent" value="saveText" />
            <input type="hidden" name="version" value={f.value("version", String(review.version))} />
            {f.formError}
            <label htmlFor="words-title" className="text-sm font-medium">{t("review.title")}</label>
            <input {...f.field("title")} defaultValue={f.value("title", review.title)} maxLength={200} required className={input} />
            {f.message("title")}
            <label htmlFor="words-summary" className="text-sm font-medium">{t("review.summary")}</label>
            <textarea {...f.field("summary")} defaultValue={f.value("summary", review.summary)} rows={5} maxLength={10000} className={input} />
            {f.message("summary")}
            <label htmlFor="words-highlights" className="text-sm font-medium">{t("review.highlights")}</label>
            <textarea {...f.field("highlights")} defaultValue={f.value("highlights", review.highlights)} rows={5} maxLength={10000} className={input} />
            {f.message("highlights")}
            <div><button type="submit" className={button}>{t("review.saveWords")}</button></div>
          </Form>
        </details>
      ) : null}
    </>
  );
}

/** A comment on one part of the pack. */
export function CommentForm({ data, error, section }: { data: ReviewPageData; error: ReviewFormErrorView | null; section: string }) {
  const { t } = useI18n();
  const f = useField(error, `comment:${section}`, `comment-${section}`);
  if (!data.canEdit || data.review.state === "held") return null;
  return (
    <details open={Boolean(f.mine)}>
      <summary className="cursor-pointer text-sm text-brand-700">{t("review.addComment")}</summary>
      <Form method="post" className="mt-2 flex flex-col gap-2">
        <input type="hidden" name="intent" value="comment" />
        <input type="hidden" name="item_key" value={section} />
        <SubmissionIdField value={data.submissionIds?.comment} />
        <label htmlFor={`comment-${section}-body`.replace(/[^A-Za-z0-9_-]/g, "-")} className="text-sm font-medium">{t("review.comment")}</label>
        <textarea {...f.field("body")} defaultValue={f.value("body")} rows={2} maxLength={4000} required className={input} />
        {f.message("body")}
        {f.formError}
        <div><button type="submit" className={button}>{t("review.sendComment")}</button></div>
      </Form>
    </details>
  );
}

/** The next period: what we propose, what the customer expects, their agenda points. */
export function ReviewNextPeriod({ data, error }: { data: ReviewPageData; error: ReviewFormErrorView | null }) {
  const { t, date } = useI18n();
  const f = useField(error, "addItem", "item");
  const groups = [
    { kind: "proposed", title: t("review.proposed") },
    { kind: "customer_expectation", title: t("review.customerAdded") },
    { kind: "agenda", title: t("review.agenda") },
  ];
  return (
    <section aria-labelledby="next-period" className="flex flex-col gap-3 print:break-before-page" data-testid="review-next-period">
      <h2 id="next-period" className="text-xl font-bold">{t("review.nextPeriod")}</h2>
      {groups.map((g) => {
        const items = data.items.filter((i) => i.kind === g.kind);
        return (
          <div key={g.kind} className="rounded-lg border border-slate-300 bg-white p-4 print:border-0 print:p-0">
            <h3 className="font-semibold">{g.title}</h3>
            {items.length ? (
              <ul className="mt-2 flex flex-col gap-3">
                {items.map((i) => {
                  const comments = data.comments.filter((c) => c.item_key === `item:${i.id}`);
                  return (
                    <li key={i.id} className="text-sm" data-testid={`review-item-${g.kind}`}>
                      <p className="font-medium">{i.title}</p>
                      {i.description ? <p className="whitespace-pre-line">{i.description}</p> : null}
                      <p className="text-slate-600">
                        {i.due_date ? t("review.dueOn", { date: date(i.due_date) }) : t("review.noDueDate")}
                        {i.from_customer && i.stakeholder_name ? ` · ${i.stakeholder_name}` : ""}
                        {i.expectation_id ? ` · ${t("review.inLedger")}` : ""}
                      </p>
                      {comments.length ? (
                        <ul className="mt-1 border-l-4 border-slate-200 pl-3">
                          {comments.map((c) => (
                            <li key={c.id} data-testid="pack-comment">
                              <span className="text-slate-600">{c.who ?? t("review.someone")}: </span>
                              {c.body}
                            </li>
                          ))}
                        </ul>
                      ) : null}
                      <div className="print:hidden">
                        <CommentForm data={data} error={error} section={`item:${i.id}`} />
                        {data.canEditItems && g.kind === "proposed" && !i.expectation_id ? (
                          <Form method="post" className="mt-1">
                            <input type="hidden" name="intent" value="removeItem" />
                            <input type="hidden" name="itemId" value={i.id} />
                            <button type="submit" className="text-sm text-red-800 underline">{t("review.removeItem")}</button>
                          </Form>
                        ) : null}
                      </div>
                    </li>
                  );
                })}
              </ul>
            ) : (
              <p className="mt-1 text-sm text-slate-700">{t("review.noItems")}</p>
            )}
          </div>
        );
      })}
      {data.canEditItems ? (
        <section aria-labelledby="add-item" className="rounded-lg border border-slate-300 bg-white p-4 print:hidden">
          <h3 id="add-item" className="font-semibold">{t("review.addProposed")}</h3>
          <Form method="post" className="mt-2 grid gap-3 sm:grid-cols-2" data-testid="review-add-item">
            <input type="hidden" name="intent" value="addItem" />
            <SubmissionIdField value={data.submissionIds?.comment} />
            {f.formError}
            <LabelledField f={f} name="title" label={t("review.itemTitle")} wide>
              <input {...f.field("title")} defaultValue={f.value("title")} maxLength={300} required className={input} />
            </LabelledField>
            <LabelledField f={f} name="description" label={t("review.itemDescription")} wide>
              <textarea {...f.field("description")} defaultValue={f.value("description")} rows={2} maxLength={4000} className={input} />
            </LabelledField>
            <LabelledField f={f} name="due_date" label={t("review.itemDue")}>
              <input {...f.field("due_date")} type="date" defaultValue={f.value("due_date")} className={input} />
            </LabelledField>
            <LabelledField f={f} name="importance" label={t("review.itemImportance")}>
              <select {...f.field("importance")} defaultValue={f.value("importance", "2")} className={input}>
                <option value="1">{t("review.importance.1")}</option>
                <option value="2">{t("review.importance.2")}</option>
                <option value="3">{t("review.importance.3")}</option>
              </select>
            </LabelledField>
            <div className="sm:col-span-2"><button type="submit" className={button}>{t("review.addItem")}</button></div>
          </Form>
        </section>
      ) : null}
    </section>
  );
}

export interface RecordChoices {
  stakeholders: { id: string; name: string }[];
  staff: { id: string; name: string }[];
  categories: readonly string[];
  now: string;
  ownerId: string;
  meetingTouchpointId: string | null;
}

/** After the meeting: the touchpoint, its participants and the agreed items, in one form. */
export function RecordMeeting({ data, error, choices }: { data: ReviewPageData; error: ReviewFormErrorView | null; choices: RecordChoices }) {
  const { t } = useI18n();
  const f = useField(error, "record", "record");
  const { review, account } = data;
  if (review.state === "held") {
    return choices.meetingTouchpointId ? (
      <p className="text-sm print:hidden">
        <a className="text-brand-700 underline" href={`/accounts/${account.id}/touchpoints/${choices.meetingTouchpointId}`}>{t("review.meetingTouchpoint")}</a>
      </p>
    ) : null;
  }
  if (!data.canEdit || review.state !== "published") return null;
  const agreeable = data.items.filter((i) => i.kind !== "agenda" && !i.expectation_id);
  const checked = (name: string, fallback: boolean) => (f.mine ? f.mine.values[name] === "on" : fallback);
  const picked = (name: string, id: string, fallback: boolean) =>
    f.mine ? (f.mine.values[`${name}:${id}`] ?? "") === "on" : fallback;
  return (
    <section aria-labelledby="record-heading" className="rounded-lg border border-brand-700 bg-white p-4 print:hidden" data-testid="review-record">
      <h2 id="record-heading" className="text-xl font-bold">{t("review.recordHeading")}</h2>
      <p className="mt-1 text-sm text-slate-700">{t("review.recordIntro")}</p>
      <Form method="post" className="mt-3 flex flex-col gap-3">
        <input type="hidden" name="intent" value="record" />
        <input type="hidden" name="version" value={review.version} />
        {f.formError}
        <LabelledField f={f} name="occurred_at" label={t("review.occurredAt")}>
          <input {...f.field("occurred_at")} type="datetime-local" defaultValue={f.value("occurred_at", choices.now)} required className={`${input} max-w-xs`} />
        </LabelledField>
        <LabelledField f={f} name="summary" label={t("review.meetingSummary")}>
          <textarea {...f.field("summary")} defaultValue={f.value("summary")} rows={4} maxLength={10000} className={input} />
        </LabelledField>
        <fieldset className="flex flex-col gap-1" aria-describedby={f.mine?.fields.stakeholder_ids ? "record-stakeholder_ids-error" : undefined}>
          <legend className="text-sm font-medium">{t("review.theirSide")}</legend>
          {choices.stakeholders.map((s) => (
            <label key={s.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="stakeholder_ids" value={s.id} defaultChecked={picked("stakeholder_ids", s.id, false)} /> {s.name}
            </label>
          ))}
          {f.message("stakeholder_ids")}
        </fieldset>
        <fieldset className="flex flex-col gap-1">
          <legend className="text-sm font-medium">{t("review.ourSide")}</legend>
          {choices.staff.map((s) => (
            <label key={s.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="user_ids" value={s.id} defaultChecked={picked("user_ids", s.id, s.id === choices.ownerId)} /> {s.name}
            </label>
          ))}
          {f.message("user_ids")}
        </fieldset>
        <fieldset className="flex flex-col gap-3">
          <legend className="text-sm font-medium">{t("review.agreedItems")}</legend>
          {agreeable.length === 0 ? <p className="text-sm text-slate-700">{t("review.noAgreeable")}</p> : null}
          {agreeable.map((i) => (
            <div key={i.id} className="rounded-md border border-slate-200 p-2" data-testid="record-item">
              <label className="flex items-center gap-2 text-sm font-medium">
                <input type="checkbox" name={`agreed_${i.id}`} defaultChecked={checked(`agreed_${i.id}`, false)} aria-describedby={f.mine?.fields[`agreed_${i.id}`] ? `record-agreed_${i.id}-error` : undefined} />
                {t("review.agreeItem", { title: i.title })}
              </label>
              {f.message(`agreed_${i.id}`)}
              <div className="mt-2 grid gap-2 sm:grid-cols-3">
                <div className="flex flex-col gap-1">
                  <label htmlFor={`record-due_${i.id}`} className="text-sm">{t("review.itemDue")}</label>
                  <input {...f.field(`due_${i.id}`)} type="date" defaultValue={f.value(`due_${i.id}`, i.due_date ?? "")} className={input} />
                  {f.message(`due_${i.id}`)}
                </div>
                <div className="flex flex-col gap-1">
                  <label htmlFor={`record-holder_${i.id}`} className="text-sm">{t("review.holder")}</label>
                  <select {...f.field(`holder_${i.id}`)} defaultValue={f.value(`holder_${i.id}`, i.stakeholder_id ?? "")} className={input}>
                    <option value="" />
                    <NamedOptions records={choices.stakeholders} />
                  </select>
                  {f.message(`holder_${i.id}`)}
                </div>
                <div className="flex flex-col gap-1">
                  <label htmlFor={`record-category_${i.id}`} className="text-sm">{t("review.category")}</label>
                  <select {...f.field(`category_${i.id}`)} defaultValue={f.value(`category_${i.id}`, "delivery")} className={input}>
                    {choices.categories.map((c) => (
                      <option key={c} value={c}>{t(`expCategory.${c}` as MessageKey)}</option>
                    ))}
                  </select>
                </div>
              </div>
            </div>
          ))}
        </fieldset>
        <div><button type="submit" className={button} data-testid="review-record-submit">{t("review.recordButton")}</button></div>
      </Form>
    </section>
  );
}
