import { Form, useNavigation } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { IMPORT_KINDS, type ImportKind } from "#app/domain/import/fields.ts";
import { Button, LabelledControl } from "#app/components/ui/field.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { ImportStatus } from "#db/schema.ts";
import { ImportTable, SourceField } from "./parts.tsx";

// The import page's pieces: the help with example files, the upload form
// (kind, source, file; it works without JavaScript) and the recent imports.

/** Example files for the help (headers are the fields' own names, recognised in either language). */
export const SURVEY_ANSWERS_EXAMPLE = [
  "account,external_id,stakeholder,kind,score,comment,answered_at,source,source_name",
  "C-1001,Q-2024-17,P-204,nps,9,Reliable deliveries,2024-11-14,survey_tool,Questback",
  "C-1001,Q-2024-18,P-311,csat,2,Invoices were wrong twice,2024-11-20,interview,",
].join("\n");

/** An expectation re-planned twice: told in time the first time, not the second (predictability keeps the surprise). */
export const REPLANS_EXAMPLE = [
  "account,external_id,title,original_due_date,due_date,replan_reason,replanned_on,customer_notified,customer_notified_on",
  "C-1001,E-88,Pilot go-live,2025-02-28,2025-03-31,Supplier delay,2025-02-10,yes,2025-02-10",
  "C-1001,E-88,Pilot go-live,2025-02-28,2025-04-30,Testing took longer,2025-04-02,no,",
].join("\n");

export function ImportHelp() {
  const { t } = useI18n();
  const examples = [
    { kind: "survey_answers", help: t("import.help.surveyAnswers"), file: SURVEY_ANSWERS_EXAMPLE },
    { kind: "expectations", help: t("import.help.replans"), file: REPLANS_EXAMPLE },
  ] as const;
  return (
    <details className="mt-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="import-help">
      <summary className="cursor-pointer font-semibold text-brand-700">{t("import.help.title")}</summary>
      <p className="mt-2 text-sm text-slate-700">{t("import.help.intro")}</p>
      {examples.map((e) => (
        <div key={e.kind}>
          <h2 className="mt-4 font-semibold">{t(`import.kind.${e.kind}`)}</h2>
          <p className="mt-1 text-sm text-slate-700">{e.help}</p>
          <pre
            className="mt-2 overflow-x-auto rounded-md bg-slate-100 p-3 text-xs"
            data-testid={`import-example-${e.kind}`}
          >
            {e.file}
          </pre>
        </div>
      ))}
    </details>
  );
}

export function UploadForm({
  error,
  values,
  sources,
  maxRows,
}: {
  error: string | undefined;
  /** What was sent, kept after a refusal. */
  values: { kind?: string; source?: string } | undefined;
  sources: string[];
  maxRows: number;
}) {
  const navigation = useNavigation();
  const { t } = useI18n();
  const busy = navigation.state === "submitting";
  const input = "rounded-md border border-slate-400 bg-white px-3 py-2";
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      className="mt-6 flex flex-col gap-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
      aria-describedby={error ? "upload-error" : undefined}
    >
      {error ? (
        <p id="upload-error" role="alert" className="rounded-md bg-red-50 p-3 text-red-900 ring-1 ring-red-200">
          {error}
        </p>
      ) : null}
      <LabelledControl id="kind" label={t("import.kind")}>
        <select id="kind" name="kind" defaultValue={values?.kind || "touchpoints"} className={input}>
          {IMPORT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`import.kind.${k}`)}
            </option>
          ))}
        </select>
      </LabelledControl>
      <SourceField defaultValue={values?.source ?? ""} inputClassName={input} list="import-sources">
        <datalist id="import-sources">
          {sources.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      </SourceField>
      <LabelledControl id="file" label={t("import.file")}>
        <input
          id="file"
          name="file"
          type="file"
          required
          accept=".csv,.txt,text/csv,text/plain"
          className={input}
          aria-describedby="file-hint"
          aria-invalid={error ? true : undefined}
        />
        <p id="file-hint" className="text-xs text-slate-600">
          {t("import.fileHint", { max: maxRows })}
        </p>
      </LabelledControl>
      <div>
        <Button type="submit" pending={busy} pendingLabel={t("import.uploading")}>
          {t("import.upload")}
        </Button>
      </div>
    </Form>
  );
}

export interface RecentImportView {
  id: string;
  file_name: string;
  source: string;
  kind: ImportKind;
  status: ImportStatus;
  total: number;
  created_at: string | Date;
}

export function RecentImports({ recent }: { recent: RecentImportView[] }) {
  const { t, dateTime, number } = useI18n();
  return (
    <>
      <h2 id="recent-imports" className="mt-8 text-lg font-semibold">
        {t("import.recent")}
      </h2>
      {recent.length === 0 ? (
        <p className="mt-2 text-slate-700">{t("import.noRecent")}</p>
      ) : (
        <ImportTable
          labelledBy="recent-imports"
          className="mt-2"
          columns={[
            { label: t("import.col.file") },
            { label: t("import.col.kind") },
            { label: t("import.col.status") },
            { label: t("import.col.rows"), className: "text-right" },
            { label: t("import.col.created") },
          ]}
        >
          {recent.map((job) => (
            <tr key={job.id}>
              <td className="px-3 py-2">
                <Link to={`/import/${job.id}`} className="font-medium text-brand-700 underline">
                  {job.file_name || job.id}
                </Link>
                {job.source ? <span className="ml-2 text-xs text-slate-600">{job.source}</span> : null}
              </td>
              <td className="px-3 py-2">{t(`import.kind.${job.kind}`)}</td>
              <td className="px-3 py-2">{t(`import.status.${job.status}`)}</td>
              <td className="px-3 py-2 text-right">{number(job.total)}</td>
              <td className="px-3 py-2 whitespace-nowrap">{dateTime(job.created_at)}</td>
            </tr>
          ))}
        </ImportTable>
      )}
    </>
  );
}
