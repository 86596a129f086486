import { Form, useNavigation } from "@remix-run/react";
import { LabelledField, SubmissionIdField } from "#app/components/ui/field.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { useField, type ReviewFormErrorView } from "./fields.tsx";

// The account's reviews page: the form that starts a review for a period (the
// account's editors only). A plain form that posts without JavaScript; a
// refusal shows beside its field with what was typed.

const input = "rounded-md border border-slate-400 px-2 py-1.5 text-sm";

type Fields = ReturnType<typeof useField>;

/** One day of the period: a date field with its label and message. */
function PeriodDay({ name, label, fallback, fields }: { name: string; label: string; fallback: string; fields: Fields }) {
  return (
    <LabelledField f={fields} name={name} label={label}>
      <input {...fields.field(name)} type="date" defaultValue={fields.value(name, fallback)} required className={input} />
    </LabelledField>
  );
}

export function NewReviewSection({
  defaults,
  submissionId,
  error,
}: {
  defaults: { period_start: string; period_end: string };
  submissionId: string;
  error: ReviewFormErrorView | null;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const fields = useField(error, "create", "review");
  const { mine, field, value } = fields;
  return (
    <section aria-labelledby="new-review-heading" className="max-w-3xl rounded-lg border border-slate-300 bg-white p-4">
      <h2 id="new-review-heading" className="font-semibold">
        {t("review.new")}
      </h2>
      <Form method="post" className="mt-2 grid gap-3 sm:grid-cols-2" data-testid="review-create">
        <SubmissionIdField value={submissionId} />
        {mine?.fields[""] ? <p className="text-sm text-red-800 sm:col-span-2">{mine.fields[""]}</p> : null}
        <LabelledField f={fields} name="title" label={t("review.title")} wide>
          <input {...field("title")} defaultValue={value("title", "")} maxLength={200} required className={input} />
        </LabelledField>
        <PeriodDay name="period_start" label={t("review.periodStart")} fallback={defaults.period_start} fields={fields} />
        <PeriodDay name="period_end" label={t("review.periodEnd")} fallback={defaults.period_end} fields={fields} />
        <div className="sm:col-span-2">
          <button
            type="submit"
            disabled={navigation.state === "submitting"}
            className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60"
          >
            {t("review.create")}
          </button>
        </div>
      </Form>
    </section>
  );
}
