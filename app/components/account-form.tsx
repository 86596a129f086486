import { AmountFields } from "#app/components/ui/amount-fields.tsx";
import { InputFor, optionsOf, SelectFor } from "#app/components/ui/select-for.tsx";
import { ModeRecordForm, type RecordFormInput, useModeForm } from "#app/components/ui/record-form.tsx";
import { LIFECYCLE_STAGES, TIERS } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { AccountCreateForm, AccountEditForm } from "#app/schemas/account.ts";

export interface AccountFormValues {
  name: string;
  industry: string;
  tier: string;
  lifecycle_stage: string;
  relationship_start: string | null;
  contract_value: string | null;
  currency: string;
  renewal_date: string | null;
  owner_id: string;
  version: number;
}

/** Create and edit share one form, checked on the server by one schema (AccountCreateForm / AccountEditForm). */
export function AccountForm({
  defaults,
  owners,
  ...input
}: RecordFormInput & { defaults?: AccountFormValues | undefined; owners: { id: string; name: string }[] | null }) {
  const { t } = useI18n();
  const { mode } = input;
  const [form, fields] = useModeForm<typeof AccountCreateForm | typeof AccountEditForm>(
    "account",
    input,
    defaults
      ? {
          ...defaults,
          relationship_start: defaults.relationship_start ?? "",
          renewal_date: defaults.renewal_date ?? "",
          contract_value: defaults.contract_value ?? "",
        }
      : { tier: "standard", lifecycle_stage: "onboarding", currency: "EUR" },
  );
  return (
    <ModeRecordForm
      form={form}
      input={input}
      intents={{ create: "save", edit: "save" }}
      version={defaults?.version ?? 1}
      createLabel={t("form.create")}
      className="max-w-2xl"
    >
      <InputFor meta={fields.name} label={t("accountForm.name")} type="text" autoFocus={mode === "create"} />
      <InputFor meta={fields.industry} label={t("accountForm.industry")} type="text" />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectFor
          meta={fields.tier}
          label={t("accountForm.tier")}
          options={optionsOf(TIERS, (v) => t(`tier.${v}`))}
        />
        <SelectFor
          meta={fields.lifecycle_stage}
          label={t("accountForm.stage")}
          options={optionsOf(LIFECYCLE_STAGES, (v) => t(`stage.${v}`))}
        />
        <InputFor meta={fields.relationship_start} label={t("accountForm.relationshipStart")} type="date" />
        <InputFor meta={fields.renewal_date} label={t("accountForm.renewalDate")} type="date" />
        <AmountFields
          amount={fields.contract_value}
          currency={fields.currency}
          labels={{
            amount: t("accountForm.contractValue"),
            amountHint: t("accountForm.contractValueHint"),
            currency: t("accountForm.currency"),
          }}
        />
      </div>
      {owners ? (
        <SelectFor
          meta={fields.owner_id}
          label={t("accountForm.owner")}
          options={owners.map((o) => ({ value: o.id, label: o.name }))}
        />
      ) : null}
    </ModeRecordForm>
  );
}
