import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  type FieldMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button, ErrorList, Field, FormAlert, SelectField, TextareaField } from "#app/components/ui/field.tsx";
import {
  EMOTION_TAGS,
  LOGGABLE_TOUCHPOINT_KINDS,
  POLARITIES,
  RESOLVED_VALUES,
  SEVERITIES,
  SUPPORT_STATUSES,
  type CommitteeRole,
} from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { SupportCaseUpdateForm, TouchpointCreateForm, TouchpointEditForm } from "#app/schemas/touchpoint.ts";
import type { TouchpointFormValues } from "#app/schemas/touchpoint.values.ts";
import type { ConflictInfo } from "#app/schemas/form-reply.ts";
import { useIsPending } from "#app/components/ui/pending.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";

export interface TouchpointFormOptions {
  stakeholders: { id: string; name: string; role: string | null; title: string; left_on: string | null }[];
  users: { id: string; name: string }[];
}

const SENTIMENTS = [
  { value: "-2", label: "−2" },
  { value: "-1", label: "−1" },
  { value: "0", label: "0" },
  { value: "1", label: "+1" },
  { value: "2", label: "+2" },
];
const TREATMENTS = ["1", "2", "3", "4", "5"].map((v) => ({ value: v, label: v }));

/**
 * Logging and editing share one form, checked by one schema in the browser and
 * on the server. Without JavaScript every kind's facts are on the page, each
 * fieldset saying which kind it belongs to; with it, only the chosen kind's show.
 */
export function TouchpointForm({
  mode,
  defaults,
  options,
  lastResult,
  conflict,
  cancelTo,
  hiddenFields,
}: {
  mode: "create" | "edit";
  defaults: TouchpointFormValues;
  options: TouchpointFormOptions;
  lastResult?: SubmissionResult<string[]> | undefined;
  conflict?: ConflictInfo | undefined;
  cancelTo: string;
  hiddenFields?: Record<string, string>;
}) {
  const { t } = useI18n();
  const intent = mode === "create" ? "create" : "update";
  const [form, fields] = useZodForm<typeof TouchpointCreateForm | typeof TouchpointEditForm>(`touchpoint-${mode}`, { lastResult, defaultValue: defaults });
  const submitting = useIsPending(intent);

  return (
    <Form method="post" {...getFormProps(form)} className="touchpoint-form flex max-w-3xl flex-col gap-5">
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hiddenFields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {mode === "edit" ? <input type="hidden" name="version" value={conflict?.version ?? defaults.version} /> : null}
      <FormAlert
        id={form.errorId}
        errors={form.errors}
        details={conflict?.changes.map((c) => t("form.conflictField", { field: c.field, value: c.value }))}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t("touchpointForm.kind")}
          selectProps={getSelectProps(fields.kind)}
          options={LOGGABLE_TOUCHPOINT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          field={fields.kind}
        />
        <Field
          label={t("touchpointForm.occurredAt")}
          hint={t("touchpointForm.occurredAtHint")}
          inputProps={getInputProps(fields.occurred_at, { type: "datetime-local" })}
          field={fields.occurred_at}
        />
      </div>
      <Field
        label={t("touchpointForm.title")}
        inputProps={{ ...getInputProps(fields.title, { type: "text" }), autoFocus: mode === "create", maxLength: 300 }}
        field={fields.title}
      />

      <FactsFieldset legend={t("touchpointForm.invoiceFacts")} note={t("touchpointForm.invoiceOnly")} kind="invoice">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label={t("touchpointForm.invoiceNumber")}
            inputProps={getInputProps(fields.invoice_number, { type: "text" })}
            field={fields.invoice_number}
          />
          <div className="grid grid-cols-[1fr_6rem] gap-2">
            <Field
              label={t("touchpointForm.invoiceAmount")}
              hint={t("touchpointForm.invoiceAmountHint")}
              inputProps={{ ...getInputProps(fields.invoice_amount, { type: "text" }), inputMode: "decimal" }}
              field={fields.invoice_amount}
            />
            <Field
              label={t("touchpointForm.invoiceCurrency")}
              inputProps={{ ...getInputProps(fields.invoice_currency, { type: "text" }), maxLength: 3 }}
              field={fields.invoice_currency}
            />
          </div>
          <Field
            label={t("touchpointForm.invoiceDueDate")}
            inputProps={getInputProps(fields.invoice_due_date, { type: "date" })}
            field={fields.invoice_due_date}
          />
          <Field
            label={t("touchpointForm.invoicePaidOn")}
            inputProps={getInputProps(fields.invoice_paid_on, { type: "date" })}
            field={fields.invoice_paid_on}
          />
        </div>
        <Checkbox meta={fields.invoice_disputed} label={t("touchpointForm.invoiceDisputed")} />
        <Field
          label={t("touchpointForm.invoiceDisputeReason")}
          inputProps={getInputProps(fields.invoice_dispute_reason, { type: "text" })}
          field={fields.invoice_dispute_reason}
        />
      </FactsFieldset>

      <FactsFieldset legend={t("touchpointForm.caseFacts")} note={t("touchpointForm.caseOnly")} kind="support_case">
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            label={t("touchpointForm.caseSeverity")}
            selectProps={getSelectProps(fields.case_severity)}
            options={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))}
            field={fields.case_severity}
          />
          <SelectField
            label={t("touchpointForm.caseStatus")}
            selectProps={getSelectProps(fields.case_status)}
            options={SUPPORT_STATUSES.map((s) => ({ value: s, label: t(`supportStatus.${s}`) }))}
            field={fields.case_status}
          />
          <Field
            label={t("touchpointForm.caseOpenedAt")}
            inputProps={getInputProps(fields.case_opened_at, { type: "datetime-local" })}
            field={fields.case_opened_at}
          />
          <Field
            label={t("touchpointForm.caseSlaHours")}
            hint={t("touchpointForm.caseSlaHoursHint")}
            inputProps={{ ...getInputProps(fields.case_sla_hours, { type: "text" }), inputMode: "decimal" }}
            field={fields.case_sla_hours}
          />
          <Field
            label={t("touchpointForm.caseResolvedAt")}
            hint={t("touchpointForm.caseResolvedAtHint")}
            inputProps={getInputProps(fields.case_resolved_at, { type: "datetime-local" })}
            field={fields.case_resolved_at}
          />
        </div>
      </FactsFieldset>

      <FactsFieldset legend={t("touchpointForm.advocacyFacts")} note={t("touchpointForm.advocacyOnly")} kind="advocacy">
        <PolarityChoice meta={fields.advocacy_polarity} label={t("touchpointForm.advocacyPolarity")} />
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="flex flex-col gap-1">
            <Field
              label={t("touchpointForm.advocacySource")}
              inputProps={{ ...getInputProps(fields.advocacy_source, { type: "text" }), maxLength: 200 }}
              field={fields.advocacy_source}
            />
            <p className="text-xs text-slate-600">{t("touchpointForm.advocacySourceHint")}</p>
          </div>
          <SelectField
            label={t("touchpointForm.advocacyStakeholder")}
            selectProps={getSelectProps(fields.advocacy_stakeholder_id)}
            placeholder={t("touchpointForm.advocacyNobody")}
            options={options.stakeholders.map((s) => ({
              value: s.id,
              label: s.left_on ? `${s.name} (${t("touchpointForm.left")})` : s.name,
            }))}
            field={fields.advocacy_stakeholder_id}
          />
        </div>
      </FactsFieldset>

      <fieldset className="rounded-lg border border-slate-300 bg-white p-4">
        <legend className="px-1 font-semibold">{t("touchpointForm.participants")}</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <CheckboxList
            meta={fields.stakeholder_ids}
            label={t("touchpointForm.theirSide")}
            empty={t("touchpointForm.noStakeholders")}
            options={options.stakeholders.map((s) => ({
              value: s.id,
              label: s.name,
              detail: [s.role ? t(`committeeRole.${s.role as CommitteeRole}`) : s.title, s.left_on ? t("touchpointForm.left") : ""]
                .filter(Boolean)
                .join(" · "),
            }))}
          />
          <CheckboxList
            meta={fields.user_ids}
            label={t("touchpointForm.ourSide")}
            options={options.users.map((u) => ({ value: u.id, label: u.name }))}
          />
        </div>
      </fieldset>

      <TextareaField
        label={t("touchpointForm.summary")}
        textareaProps={{ ...getTextareaProps(fields.summary), rows: 4 }}
        field={fields.summary}
      />
      <p className="-mt-4 text-xs text-slate-600">{t("touchpointForm.summaryHint")}</p>
      <TextareaField
        label={t("touchpointForm.internalNotes")}
        textareaProps={getTextareaProps(fields.internal_notes)}
        field={fields.internal_notes}
      />
      <p className="-mt-4 text-xs text-slate-600">{t("touchpointForm.internalNotesHint")}</p>

      <fieldset className="flex flex-col gap-4 rounded-lg border border-slate-300 bg-white p-4">
        <legend className="px-1 font-semibold">{t("touchpointForm.experience")}</legend>
        <p className="text-sm text-slate-600">{t("touchpointForm.experienceHint")}</p>
        <RadioGroup
          meta={fields.sentiment}
          label={t("touchpointForm.sentiment")}
          hint={t("touchpointForm.sentimentHint")}
          none={t("touchpointForm.notRecorded")}
          options={SENTIMENTS}
        />
        <RadioGroup
          meta={fields.treatment}
          label={t("touchpointForm.treatment")}
          hint={t("touchpointForm.treatmentHint")}
          none={t("touchpointForm.notRecorded")}
          options={TREATMENTS}
        />
        <RadioGroup
          meta={fields.resolved}
          label={t("touchpointForm.resolved")}
          none={t("touchpointForm.notRecorded")}
          options={RESOLVED_VALUES.map((v) => ({ value: v, label: t(`resolved.${v}`) }))}
        />
        <CheckboxList
          meta={fields.emotion_tags}
          label={t("touchpointForm.emotionTags")}
          inline
          options={EMOTION_TAGS.map((tag) => ({ value: tag, label: t(`emotion.${tag}`) }))}
        />
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          <Checkbox meta={fields.moment_of_truth} label={t("touchpointForm.momentOfTruth")} />
          <Checkbox meta={fields.positive_surprise} label={t("touchpointForm.positiveSurprise")} />
        </div>
      </fieldset>

      <Checkbox meta={fields.shared_with_customer} label={t("touchpointForm.shared")} />

      {mode === "create" ? <NextStepFieldset fields={fields as unknown as NextStepFields} /> : null}

      <div className="flex items-center gap-4">
        <Button type="submit" pending={submitting} pendingLabel={t("form.saving")}>
          {mode === "create" ? t("touchpointForm.submit") : t("form.save")}
        </Button>
        <Link to={cancelTo} className="text-brand-700 underline">
          {t("form.cancel")}
        </Link>
      </div>
    </Form>
  );
}

/** The small form that moves a support case along as it progresses. */
export function SupportCaseUpdate({
  defaults,
  lastResult,
  conflictDetails,
}: {
  defaults: { case_status: string; case_resolved_at: string; version: number };
  lastResult?: SubmissionResult<string[]> | undefined;
  conflictDetails?: string[] | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useZodForm<typeof SupportCaseUpdateForm>("support-case-update", {
    lastResult,
    defaultValue: defaults,
  });
  const submitting = useIsPending("update-case");
  return (
    <Form method="post" {...getFormProps(form)} className="mt-3 flex flex-col gap-4">
      <input type="hidden" name="intent" value="update-case" />
      <input type="hidden" name="version" value={defaults.version} />
      <FormAlert id={form.errorId} errors={form.errors} details={conflictDetails} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t("touchpointForm.caseStatus")}
          selectProps={getSelectProps(fields.case_status)}
          options={SUPPORT_STATUSES.map((s) => ({ value: s, label: t(`supportStatus.${s}`) }))}
          field={fields.case_status}
        />
        <Field
          label={t("touchpointForm.caseResolvedAt")}
          hint={t("touchpointForm.caseResolvedAtHint")}
          inputProps={getInputProps(fields.case_resolved_at, { type: "datetime-local" })}
          field={fields.case_resolved_at}
        />
      </div>
      <div>
        <Button type="submit" pending={submitting} pendingLabel={t("form.saving")}>
          {t("touchpointEdit.updateCaseSubmit")}
        </Button>
      </div>
    </Form>
  );
}

/**
 * The facts of one kind (an invoice's, a support case's). Which kind's facts
 * show follows the kind chosen through CSS alone (`.touchpoint-form:has(…)` in
 * app/styles/tailwind.css): the same before and after the scripts load, so the
 * form does not jump, and without JavaScript too. A browser without `:has()`
 * shows every kind's facts, each with its note saying which kind it is for.
 */
function FactsFieldset({ legend, note, kind, children }: { legend: string; note: string; kind: string; children: ReactNode }) {
  return (
    <fieldset data-facts-for={kind} className="flex flex-col gap-4 rounded-lg border border-slate-300 bg-white p-4">
      <legend className="px-1 font-semibold">
        {legend}
        <span data-facts-note className="ml-2 text-sm font-normal text-slate-600">
          {note}
        </span>
      </legend>
      {children}
    </fieldset>
  );
}

function allErrors(meta: FieldMetadata<any, any, string[]>): string[] {
  return [...new Set(Object.values(meta.allErrors ?? {}).flat())];
}

function Checkbox({ meta, label }: { meta: FieldMetadata<boolean | undefined, any, string[]>; label: string }) {
  const { key, ...props } = getInputProps(meta, { type: "checkbox" });
  return (
    <div>
      <label className="flex items-center gap-2 text-sm">
        <input key={key} {...props} className="h-4 w-4" />
        {label}
      </label>
      <ErrorList field={meta} />
    </div>
  );
}

function CheckboxList({
  meta,
  label,
  options,
  empty,
  inline,
}: {
  meta: FieldMetadata<string[] | undefined, any, string[]>;
  label: string;
  options: { value: string; label: string; detail?: string }[];
  empty?: string;
  inline?: boolean;
}) {
  const inputs = getCollectionProps(meta, { type: "checkbox", options: options.map((o) => o.value) });
  const errors = allErrors(meta);
  return (
    <fieldset aria-describedby={errors.length ? meta.errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">{label}</legend>
      {options.length === 0 && empty ? <p className="mt-1 text-sm text-slate-600">{empty}</p> : null}
      <div className={inline ? "mt-1 flex flex-wrap gap-x-4 gap-y-1" : "mt-1 flex max-h-64 flex-col gap-1 overflow-y-auto"}>
        {inputs.map(({ key, ...props }, i) => (
          <label key={key ?? props.id} className="flex items-baseline gap-2 text-sm">
            <input key={key} {...props} aria-invalid={errors.length ? true : undefined} className="h-4 w-4 self-center" />
            <span>
              {options[i]!.label}
              {options[i]!.detail ? <span className="ml-1 text-xs text-slate-600">{options[i]!.detail}</span> : null}
            </span>
          </label>
        ))}
      </div>
      <ErrorList field={{ errorId: meta.errorId, errors }} />
    </fieldset>
  );
}

/** One choice or none ("not recorded"): a row of radio buttons, quick to click. */
function RadioGroup({
  meta,
  label,
  hint,
  none,
  options,
}: {
  meta: FieldMetadata<any, any, string[]>;
  label: string;
  hint?: string;
  none: string;
  options: { value: string; label: string }[];
}) {
  const values = ["", ...options.map((o) => o.value)];
  const inputs = getCollectionProps(meta, { type: "radio", options: values });
  const initial = typeof meta.initialValue === "string" ? meta.initialValue : "";
  return (
    <fieldset aria-describedby={meta.errors?.length ? meta.errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">{label}</legend>
      {hint ? <p className="text-xs text-slate-600">{hint}</p> : null}
      <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {inputs.map(({ key, ...props }, i) => (
          <label key={key ?? props.id} className="flex items-center gap-1.5 text-sm">
            <input key={key} {...props} defaultChecked={values[i] === initial} className="h-4 w-4" />
            {i === 0 ? <span className="text-slate-600">{none}</span> : options[i - 1]!.label}
          </label>
        ))}
      </div>
      <ErrorList field={meta} />
    </fieldset>
  );
}

/** Positive or negative: two radio buttons, neither chosen until the person says. */
function PolarityChoice({ meta, label }: { meta: FieldMetadata<any, any, string[]>; label: string }) {
  const { t } = useI18n();
  const inputs = getCollectionProps(meta, { type: "radio", options: [...POLARITIES] });
  const initial = typeof meta.initialValue === "string" ? meta.initialValue : "";
  return (
    <fieldset aria-describedby={meta.errors?.length ? meta.errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">{label}</legend>
      <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {inputs.map(({ key, ...props }, i) => (
          <label key={key ?? props.id} className="flex items-center gap-1.5 text-sm">
            <input key={key} {...props} defaultChecked={POLARITIES[i] === initial} className="h-4 w-4" />
            {t(`polarity.${POLARITIES[i]!}`)}
          </label>
        ))}
      </div>
      <ErrorList field={meta} />
    </fieldset>
  );
}

interface NextStepFields {
  next_step_title: FieldMetadata<string>;
  next_step_due: FieldMetadata<string>;
}

/** The log form's optional next step: a task linked to the touchpoint, saved with it. */
function NextStepFieldset({ fields }: { fields: NextStepFields }) {
  const { t } = useI18n();
  return (
    <fieldset className="flex flex-col gap-3 rounded-md border border-slate-300 p-3" data-testid="next-step">
      <legend className="px-1 text-sm font-semibold">{t("nextStep.legend")}</legend>
      <p className="text-xs text-slate-600">{t("nextStep.help")}</p>
      <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
        <Field
          label={t("nextStep.title")}
          inputProps={{ ...getInputProps(fields.next_step_title, { type: "text" }), maxLength: 300 }}
          field={fields.next_step_title}
        />
        <Field label={t("nextStep.due")} inputProps={getInputProps(fields.next_step_due, { type: "date" })} field={fields.next_step_due} />
      </div>
    </fieldset>
  );
}
