import { getSelectProps, type FieldMetadata } from "@conform-to/react";
import { Badge } from "#app/components/ui/badge.tsx";
import { SelectField } from "#app/components/ui/field.tsx";
import { INTERNAL_ROLES } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

// What the list of internal users and one user's page show alike: whether a
// user is active, and the choice of an internal role.

/** Active, or disabled since a day. */
export function UserStatusBadge({ disabledAt }: { disabledAt: Date | string | null }) {
  const { t, date } = useI18n();
  return disabledAt ? (
    <Badge tone="bad">{t("userAdmin.disabledSince", { date: date(disabledAt) })}</Badge>
  ) : (
    <Badge tone="good">{t("userAdmin.active")}</Badge>
  );
}

/** The role of an internal user (administrator, director, KAM). */
export function RoleSelect({ field }: { field: FieldMetadata<string> }) {
  const { t } = useI18n();
  return (
    <SelectField
      label={t("userAdmin.role")}
      selectProps={getSelectProps(field)}
      options={INTERNAL_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
      field={field}
    />
  );
}
