import { InputFor, optionsOf, SelectFor } from "#app/components/ui/select-for.tsx";
import { ModeRecordForm, type RecordFormInput, useModeForm } from "#app/components/ui/record-form.tsx";
import { COMMITTEE_ROLES, STANCES } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { StakeholderCreateForm, StakeholderEditForm, StakeholderFormValues } from "#app/schemas/stakeholder.ts";

/** Someone the person may report to. */
export interface ManagerChoice {
  id: string;
  name: string;
  left_on: string | null;
}

const INFLUENCE = ["1", "2", "3", "4", "5"] as const;

/** Adding a person to the committee, or editing their details (not leaving: that has its own form). */
export function StakeholderForm({
  defaults,
  managers,
  ...input
}: RecordFormInput & { defaults: StakeholderFormValues; managers: ManagerChoice[] }) {
  const { t } = useI18n();
  const { mode } = input;
  const [form, fields] = useModeForm<typeof StakeholderCreateForm | typeof StakeholderEditForm>(
    "stakeholder",
    input,
    defaults,
  );
  return (
    <ModeRecordForm form={form} input={input} version={defaults.version} createLabel={t("stakeholderForm.submit")}>
      <div className="grid gap-4 sm:grid-cols-2">
        <InputFor
          meta={fields.name}
          label={t("stakeholderForm.name")}
          type="text"
          autoFocus={mode === "create"}
          maxLength={200}
          autoComplete="off"
        />
        <InputFor
          meta={fields.title}
          label={t("stakeholderForm.title")}
          type="text"
          maxLength={200}
          autoComplete="off"
        />
        <InputFor
          meta={fields.email}
          label={t("stakeholderForm.email")}
          type="email"
          maxLength={254}
          autoComplete="off"
        />
        <InputFor meta={fields.phone} label={t("stakeholderForm.phone")} type="tel" maxLength={40} autoComplete="off" />
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectFor
          meta={fields.committee_role}
          label={t("stakeholderForm.role")}
          placeholder={t("stakeholderForm.roleNone")}
          options={optionsOf(COMMITTEE_ROLES, (r) => t(`committeeRole.${r}`))}
        />
        <SelectFor
          meta={fields.influence}
          label={t("stakeholderForm.influence")}
          options={optionsOf(INFLUENCE, (v) => t(`stakeholderForm.influence.${v}`))}
        />
        <SelectFor
          meta={fields.stance}
          label={t("stakeholderForm.stance")}
          options={optionsOf(STANCES, (s) => t(`stance.${s}`))}
        />
      </div>
      <div className="flex max-w-md flex-col gap-1">
        <SelectFor
          meta={fields.reports_to_id}
          label={t("stakeholderForm.reportsTo")}
          placeholder={t("stakeholderForm.reportsToNone")}
          options={managers.map((m) => ({
            value: m.id,
            label: m.left_on ? `${m.name} (${t("stakeholderForm.leftSuffix")})` : m.name,
          }))}
          hint={t("stakeholderForm.reportsToHint")}
        />
      </div>
    </ModeRecordForm>
  );
}
