import type { FieldMetadata } from "@conform-to/react";
import { InputFor } from "#app/components/ui/select-for.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";

/**
 * A new password typed twice (newPasswordFields of app/schemas/password.ts):
 * the password with the policy's hint ("password.hint"), then its
 * confirmation, both offered to a password manager as a new password.
 * `autoFocus`: the password is the page's first field.
 */
export function NewPasswordFields({
  password,
  confirm,
  labels,
  autoFocus,
}: {
  password: FieldMetadata<string>;
  confirm: FieldMetadata<string>;
  labels: { password: string; confirm: string };
  autoFocus?: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      <InputFor
        meta={password}
        label={labels.password}
        type="password"
        hint={t("password.hint")}
        autoComplete="new-password"
        autoFocus={autoFocus}
      />
      <InputFor meta={confirm} label={labels.confirm} type="password" autoComplete="new-password" />
    </>
  );
}
