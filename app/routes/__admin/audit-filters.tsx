import { useLoaderData } from "@remix-run/react";
import {
  FilterField,
  filterControl,
  filterErrorProps,
  FilterForm,
  FilterSelect,
} from "#app/components/ui/filter-form.tsx";
import { AUDIT_KINDS } from "#app/domain/audit.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { loader } from "#app/routes/_app.admin.audit.tsx";

// The audit log's filters: account, who, a date range and the kind of change,
// in the address (a GET form); a value the loader refused is marked beside its field.

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export function AuditFilterForm({
  values,
  errors,
  options,
}: {
  values: Record<string, string>;
  errors: Record<string, string>;
  options: Data["options"];
}) {
  const { t } = useI18n();
  const select = (name: "account" | "user" | "kind") => ({
    id: `audit-${name}`,
    name,
    defaultValue: values[name] ?? "",
    anyLabel: t("audit.filter.any"),
    error: errors[name],
  });
  return (
    <FilterForm
      className="mt-4"
      role="search"
      submitLabel={t("audit.filter.apply")}
      clear={{ to: "/admin/audit", label: t("audit.filter.clear") }}
    >
      <FilterSelect
        {...select("account")}
        label={t("audit.filter.account")}
        options={options.accounts.map((a) => ({ value: a.id, label: a.name }))}
      />
      <FilterSelect
        {...select("user")}
        label={t("audit.filter.user")}
        options={[
          { value: "system", label: t("audit.system") },
          ...options.users.map((u) => ({ value: u.id, label: `${u.name} · ${t(`role.${u.role}`)}` })),
        ]}
      />
      <DateFilter name="from" label={t("audit.filter.from")} value={values.from} error={errors.from} />
      <DateFilter name="to" label={t("audit.filter.to")} value={values.to} error={errors.to} />
      <FilterSelect
        {...select("kind")}
        label={t("audit.filter.kind")}
        options={AUDIT_KINDS.map((k) => ({ value: k, label: t(`audit.kind.${k}`) }))}
      />
    </FilterForm>
  );
}

function DateFilter({
  name,
  label,
  value,
  error,
}: {
  name: "from" | "to";
  label: string;
  value: string | undefined;
  error: string | undefined;
}) {
  const id = `audit-${name}`;
  return (
    <FilterField id={id} label={label} error={error}>
      <input
        type="date"
        id={id}
        name={name}
        defaultValue={value ?? ""}
        className={filterControl}
        {...filterErrorProps(id, error)}
      />
    </FilterField>
  );
}
