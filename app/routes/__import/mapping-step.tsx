import { Form, useNavigation } from "@remix-run/react";
import { CONSTANT_PREFIX, type ColumnMapping, type ImportKind } from "#app/domain/import/fields.ts";
import { LOGGABLE_TOUCHPOINT_KINDS, type TouchpointKind } from "#app/domain/vocabulary.ts";
import type { MessageKey } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { ImportTable, SourceField } from "./parts.tsx";

// The draft of an import: which column fills which field, where the file comes
// from, all-or-nothing or the valid rows, and a preview of the first rows as
// the import will read them.

export interface MappingJob {
  file_name: string;
  kind: ImportKind;
  total: number;
  delimiter: string;
  mapping: ColumnMapping;
  headers: string[];
  source: string;
  mode: string;
}
export interface ImportFieldView {
  key: string;
  required: boolean;
}
export interface PreviewRowView {
  line: number;
  cells: Record<string, string | undefined>;
  errors: { field: string; reason: string }[];
}

const useFieldLabel = () => {
  const { t } = useI18n();
  return (key: string) => t(`import.f.${key}` as MessageKey);
};

export function MappingStep({
  job,
  fields,
  preview,
  error,
}: {
  job: MappingJob;
  fields: ImportFieldView[];
  preview: PreviewRowView[] | null;
  error: string | undefined;
}) {
  const navigation = useNavigation();
  const { t } = useI18n();
  const label = useFieldLabel();
  const missing = fields.filter((f) => f.required && !job.mapping[f.key]);
  return (
    <div>
      <h1 className="text-2xl font-bold">{t("import.mapTitle", { file: job.file_name })}</h1>
      <p className="mt-1 text-slate-700">
        {t(`import.kind.${job.kind}`)} ·{" "}
        {t("import.summary", { rows: job.total, delimiter: job.delimiter === "\t" ? "Tab" : job.delimiter })}
      </p>
      <Form method="post" className="mt-4 flex flex-col gap-4" aria-describedby={error ? "map-error" : undefined}>
        {error || missing.length ? (
          <p id="map-error" role="alert" className="rounded-md bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200">
            {error ?? t("import.missing", { fields: missing.map((f) => label(f.key)).join(", ") })}
          </p>
        ) : null}
        <p className="text-sm text-slate-700">{t("import.mapIntro")}</p>
        <MappingTable job={job} fields={fields} />
        <div className="flex flex-wrap gap-6">
          <SourceField defaultValue={job.source} inputClassName="rounded-md border border-slate-400 px-3 py-1.5" />
          <fieldset className="flex flex-col gap-1">
            <legend className="text-sm font-medium">{t("import.mode")}</legend>
            {(["all_or_nothing", "valid_rows"] as const).map((m) => (
              <label key={m} className="flex items-center gap-2 text-sm">
                <input type="radio" name="mode" value={m} defaultChecked={job.mode === m} />
                {t(`import.mode.${m}`)}
              </label>
            ))}
          </fieldset>
        </div>
        <div className="flex gap-3">
          <button
            type="submit"
            name="intent"
            value="map"
            className="rounded-md border border-brand-700 px-4 py-2 font-semibold text-brand-700"
          >
            {t("import.preview")}
          </button>
          <button
            type="submit"
            name="intent"
            value="start"
            disabled={navigation.state !== "idle"}
            className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white disabled:opacity-60"
          >
            {t("import.start", { count: job.total })}
          </button>
        </div>
      </Form>
      {preview ? <PreviewTable preview={preview} fields={fields.filter((f) => job.mapping[f.key])} /> : null}
    </div>
  );
}

/** A select per field: the file's columns, and for a touchpoint's kind one kind for every row. */
function MappingTable({ job, fields }: { job: MappingJob; fields: ImportFieldView[] }) {
  const { t } = useI18n();
  const label = useFieldLabel();
  return (
    <ImportTable
      label={t("import.mapTitle", { file: job.file_name })}
      columns={[{ label: t("import.fieldHeader") }, { label: t("import.columnHeader") }]}
    >
      {fields.map((f) => (
        <tr key={f.key}>
          <td className="px-3 py-1.5">
            <label htmlFor={`map-${f.key}`}>
              {label(f.key)}
              {f.required ? (
                <abbr title={t("import.requiredMark")} className="ml-1 text-red-800 no-underline">
                  *
                </abbr>
              ) : null}
            </label>
          </td>
          <td className="px-3 py-1.5">
            <select
              id={`map-${f.key}`}
              name={`map.${f.key}`}
              defaultValue={job.mapping[f.key] ?? ""}
              className="w-full rounded-md border border-slate-400 bg-white px-2 py-1.5"
              aria-invalid={f.required && !job.mapping[f.key] ? true : undefined}
            >
              <option value="">{t("import.notMapped")}</option>
              {job.headers.map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
              {f.key === "kind"
                ? LOGGABLE_TOUCHPOINT_KINDS.map((k) => (
                    <option key={k} value={`${CONSTANT_PREFIX}${k}`}>
                      {t("import.allRows", { value: t(`kind.${k as TouchpointKind}` as MessageKey) })}
                    </option>
                  ))
                : null}
            </select>
          </td>
        </tr>
      ))}
    </ImportTable>
  );
}

/** The first rows as the import will read them, the mapped fields only, refused rows with their reasons. */
function PreviewTable({ preview, fields }: { preview: PreviewRowView[]; fields: ImportFieldView[] }) {
  const { t } = useI18n();
  const label = useFieldLabel();
  return (
    <section className="mt-8" aria-labelledby="preview-title">
      <h2 id="preview-title" className="text-lg font-semibold">
        {t("import.previewTitle", { count: preview.length })}
      </h2>
      <ImportTable
        labelledBy="preview-title"
        testId="import-preview"
        pad="px-2"
        className="mt-2"
        columns={[
          { label: t("import.line") },
          { label: t("import.result") },
          ...fields.map((f) => ({ key: f.key, label: label(f.key), className: "whitespace-nowrap" })),
        ]}
      >
        {preview.map((row) => (
          <tr key={row.line} className={row.errors.length ? "bg-red-50" : undefined}>
            <td className="px-2 py-1.5 align-top">{row.line}</td>
            <td className="px-2 py-1.5 align-top">
              {row.errors.length ? (
                <ul className="text-red-900">
                  {row.errors.map((e, i) => (
                    <li key={i}>
                      <strong>{e.field ? label(e.field) : t("import.wholeRow")}</strong>: {e.reason}
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="text-emerald-800">{t("import.rowOk")}</span>
              )}
            </td>
            {fields.map((f) => (
              <td key={f.key} className="max-w-xs truncate px-2 py-1.5 align-top" title={row.cells[f.key] ?? ""}>
                {row.cells[f.key] ?? ""}
              </td>
            ))}
          </tr>
        ))}
      </ImportTable>
    </section>
  );
}
