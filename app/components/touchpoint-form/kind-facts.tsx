import type { ReactNode } from "react";
import { AmountFields } from "#app/components/ui/amount-fields.tsx";
import { Checkbox, RadioGroup } from "#app/components/ui/choice-fields.tsx";
import { InputFor, optionsOf, SelectFor } from "#app/components/ui/select-for.tsx";
import { Fieldset } from "#app/components/ui/fieldset.tsx";
import { POLARITIES, SEVERITIES } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { CaseResolvedAtField, CaseStatusSelect } from "./case-fields.tsx";
import type { TouchpointFields, TouchpointFormOptions } from "./fields.ts";

/**
 * The facts of one kind (an invoice's, a support case's). Which kind's facts
 * show follows the kind chosen through CSS alone (`.touchpoint-form:has(…)` in
 * app/styles/tailwind.css): the same before and after the scripts load, so the
 * form does not jump, and without JavaScript too. A browser without `:has()`
 * shows every kind's facts, each with its note saying which kind it is for.
 */
function FactsFieldset({ legend, note, kind, children }: { legend: string; note: string; kind: string; children: ReactNode }) {
  return (
    <Fieldset
      data-facts-for={kind}
      legend={legend}
      note={
        <span data-facts-note className="ml-2 text-sm font-normal text-slate-600">
          {note}
        </span>
      }
    >
      {children}
    </Fieldset>
  );
}

/** Every kind's facts, each shown when its kind is chosen. */
export function KindFacts({ fields, options }: { fields: TouchpointFields; options: TouchpointFormOptions }) {
  return (
    <>
      <InvoiceFacts fields={fields} />
      <CaseFacts fields={fields} />
      <AdvocacyFacts fields={fields} options={options} />
    </>
  );
}

function InvoiceFacts({ fields }: { fields: TouchpointFields }) {
  const { t } = useI18n();
  return (
    <FactsFieldset legend={t("touchpointForm.invoiceFacts")} note={t("touchpointForm.invoiceOnly")} kind="invoice">
      <div className="grid gap-4 sm:grid-cols-2">
        <InputFor meta={fields.invoice_number} label={t("touchpointForm.invoiceNumber")} type="text" />
        <div className="grid grid-cols-[1fr_6rem] gap-2">
          <AmountFields
            amount={fields.invoice_amount}
            currency={fields.invoice_currency}
            labels={{
              amount: t("touchpointForm.invoiceAmount"),
              amountHint: t("touchpointForm.invoiceAmountHint"),
              currency: t("touchpointForm.invoiceCurrency"),
            }}
          />
        </div>
        <InputFor meta={fields.invoice_due_date} label={t("touchpointForm.invoiceDueDate")} type="date" />
        <InputFor meta={fields.invoice_paid_on} label={t("touchpointForm.invoicePaidOn")} type="date" />
      </div>
      <Checkbox meta={fields.invoice_disputed} label={t("touchpointForm.invoiceDisputed")} />
      <InputFor meta={fields.invoice_dispute_reason} label={t("touchpointForm.invoiceDisputeReason")} type="text" />
    </FactsFieldset>
  );
}

function CaseFacts({ fields }: { fields: TouchpointFields }) {
  const { t } = useI18n();
  return (
    <FactsFieldset legend={t("touchpointForm.caseFacts")} note={t("touchpointForm.caseOnly")} kind="support_case">
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectFor
          meta={fields.case_severity}
          label={t("touchpointForm.caseSeverity")}
          options={optionsOf(SEVERITIES, (s) => t(`severity.${s}`))}
        />
        <CaseStatusSelect meta={fields.case_status} />
        <InputFor meta={fields.case_opened_at} label={t("touchpointForm.caseOpenedAt")} type="datetime-local" />
        <InputFor
          meta={fields.case_sla_hours}
          label={t("touchpointForm.caseSlaHours")}
          type="text"
          hint={t("touchpointForm.caseSlaHoursHint")}
          inputMode="decimal"
        />
        <CaseResolvedAtField meta={fields.case_resolved_at} />
      </div>
    </FactsFieldset>
  );
}

function AdvocacyFacts({ fields, options }: { fields: TouchpointFields; options: TouchpointFormOptions }) {
  const { t } = useI18n();
  return (
    <FactsFieldset legend={t("touchpointForm.advocacyFacts")} note={t("touchpointForm.advocacyOnly")} kind="advocacy">
      <RadioGroup
        meta={fields.advocacy_polarity}
        label={t("touchpointForm.advocacyPolarity")}
        options={optionsOf(POLARITIES, (p) => t(`polarity.${p}`))}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <InputFor
          meta={fields.advocacy_source}
          label={t("touchpointForm.advocacySource")}
          type="text"
          hint={t("touchpointForm.advocacySourceHint")}
          maxLength={200}
        />
        <SelectFor
          meta={fields.advocacy_stakeholder_id}
          label={t("touchpointForm.advocacyStakeholder")}
          placeholder={t("touchpointForm.advocacyNobody")}
          options={options.stakeholders.map((s) => ({
            value: s.id,
            label: s.left_on ? `${s.name} (${t("touchpointForm.left")})` : s.name,
          }))}
        />
      </div>
    </FactsFieldset>
  );
}
