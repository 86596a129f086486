import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { IMPORT_KINDS } from "#app/domain/import/fields.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import {
  createImportJob,
  CsvFileError,
  decodeCsvBytes,
  listRecentImports,
  listSources,
  MAX_IMPORT_ROWS,
} from "#app/models/import/jobs.server.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { requireInternalUser } from "#app/web/auth.server.ts";
import { canRecordCustomerVoice } from "#app/domain/permissions.ts";
import { readUploadForm, UploadMalformedError, UploadTooLargeError } from "#app/web/upload.server.ts";
import { db } from "#app/utils/db.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { UploadFields } from "#app/schemas/import.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    "advocacy.polarityRequired",
    "advocacy.sourceRequired",
    "advocacy.sourceTooLong",
    "committeeRole.",
    "mail.",
    "mailPrefs.notOffered",
    "outbox.",
    "api.",
    "deliveryForm.dateRequired",
    "deliveryForm.inFuture",
    "deliveryForm.keptAfterDue",
    "deliveryForm.lateNotAfterDue",
    "expectation.dueDateByReplanOnly",
    "expectation.notOpen",
    "expectationForm.holderLeft",
    "expectationForm.holderNotOnAccount",
    "import.",
    "replanForm.beforeLastReplan",
    "replanForm.madeInFuture",
    "replanForm.newDateBeforeReplan",
    "replanForm.notifiedInFuture",
    "replanForm.reasonRequired",
    "replanForm.sameDate",
    "scoringSettings.",
    "surveyAnswer.",
    "title.import",
    "touchpointForm.resolvedBeforeOpened",
    "touchpointForm.slaHoursRange",
    "validation.",
  ),
};

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("title.import"));
};

/** The largest file taken: a year of a big customer's invoices is a few MB. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const [recent, sources] = await Promise.all([listRecentImports(db(), user), listSources(db())]);
  return { recent, sources: [...new Set(sources.map((s) => s.source))], maxRows: MAX_IMPORT_ROWS };
}

export async function action({ request }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireInternalUser(request);
  const { t } = await actionContext(request);
  const refuse = (message: string, values: { kind?: string; source?: string } = {}) =>
    data({ error: message, values }, { status: 400 });
  // An oversized body is refused before it is read, or as soon as it passes the limit.
  let form: FormData;
  try {
    form = await readUploadForm(request, MAX_IMPORT_BYTES + 64 * 1024);
  } catch (error) {
    if (error instanceof UploadTooLargeError) return refuse(t("import.fileError.tooLarge"));
    if (error instanceof UploadMalformedError) return refuse(t("import.fileError.form"));
    throw error;
  }
  const values = { kind: String(form.get("kind") ?? ""), source: String(form.get("source") ?? "") };
  const fields = UploadFields.safeParse(values);
  if (!fields.success) return refuse(t("validation.choice"), values);
  if (fields.data.kind === "survey_answers" && !canRecordCustomerVoice(user))
    return refuse(t("import.customerVoiceOnly"), values);
  const file = form.get("file");
  if (!(file instanceof Blob) || file.size === 0) {
    return refuse(file instanceof Blob ? t("import.fileError.empty") : t("import.fileError.missing"), values);
  }
  if (file.size > MAX_IMPORT_BYTES) return refuse(t("import.fileError.tooLarge"), values);
  try {
    const text = decodeCsvBytes(new Uint8Array(await file.arrayBuffer()));
    const id = await createImportJob(db(), user, {
      kind: fields.data.kind,
      source: fields.data.source,
      fileName: "name" in file && typeof file.name === "string" ? file.name : "upload.csv",
      text,
    });
    return redirect(`/import/${id}`);
  } catch (error) {
    if (error instanceof CsvFileError) {
      return refuse(t(`import.fileError.${error.problem}`, { line: error.line ?? "?", max: MAX_IMPORT_ROWS }), values);
    }
    throw error;
  }
}

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

export default function ImportPage() {
  const { recent, sources, maxRows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, dateTime, number } = useI18n();
  const busy = navigation.state === "submitting";
  const input = "rounded-md border border-slate-400 bg-white px-3 py-2";
  return (
    <div className="max-w-4xl">
      <h1 className="text-2xl font-bold">{t("import.title")}</h1>
      <p className="mt-2 text-slate-700">{t("import.intro")}</p>
      <details className="mt-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="import-help">
        <summary className="cursor-pointer font-semibold text-brand-700">{t("import.help.title")}</summary>
        <p className="mt-2 text-sm text-slate-700">{t("import.help.intro")}</p>
        <h2 className="mt-4 font-semibold">{t("import.kind.survey_answers")}</h2>
        <p className="mt-1 text-sm text-slate-700">{t("import.help.surveyAnswers")}</p>
        <pre
          className="mt-2 overflow-x-auto rounded-md bg-slate-100 p-3 text-xs"
          data-testid="import-example-survey_answers"
        >
          {SURVEY_ANSWERS_EXAMPLE}
        </pre>
        <h2 className="mt-4 font-semibold">{t("import.kind.expectations")}</h2>
        <p className="mt-1 text-sm text-slate-700">{t("import.help.replans")}</p>
        <pre
          className="mt-2 overflow-x-auto rounded-md bg-slate-100 p-3 text-xs"
          data-testid="import-example-expectations"
        >
          {REPLANS_EXAMPLE}
        </pre>
      </details>
      <Form
        method="post"
        encType="multipart/form-data"
        className="mt-6 flex flex-col gap-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
        aria-describedby={actionData?.error ? "upload-error" : undefined}
      >
        {actionData?.error ? (
          <p id="upload-error" role="alert" className="rounded-md bg-red-50 p-3 text-red-900 ring-1 ring-red-200">
            {actionData.error}
          </p>
        ) : null}
        <div className="flex flex-col gap-1">
          <label htmlFor="kind" className="text-sm font-medium">
            {t("import.kind")}
          </label>
          <select id="kind" name="kind" defaultValue={actionData?.values.kind || "touchpoints"} className={input}>
            {IMPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`import.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="source" className="text-sm font-medium">
            {t("import.source")}
          </label>
          <input
            id="source"
            name="source"
            list="import-sources"
            maxLength={100}
            defaultValue={actionData?.values.source ?? ""}
            className={input}
            aria-describedby="source-hint"
          />
          <datalist id="import-sources">
            {sources.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <p id="source-hint" className="text-xs text-slate-600">
            {t("import.sourceHint")}
          </p>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="file" className="text-sm font-medium">
            {t("import.file")}
          </label>
          <input
            id="file"
            name="file"
            type="file"
            required
            accept=".csv,.txt,text/csv,text/plain"
            className={input}
            aria-describedby="file-hint"
            aria-invalid={actionData?.error ? true : undefined}
          />
          <p id="file-hint" className="text-xs text-slate-600">
            {t("import.fileHint", { max: maxRows })}
          </p>
        </div>
        <div>
          <button
            type="submit"
            disabled={busy}
            className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white disabled:opacity-60"
          >
            {busy ? t("import.uploading") : t("import.upload")}
          </button>
        </div>
      </Form>

      <h2 className="mt-8 text-lg font-semibold">{t("import.recent")}</h2>
      {recent.length === 0 ? (
        <p className="mt-2 text-slate-700">{t("import.noRecent")}</p>
      ) : (
        <div className="mt-2 overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full text-sm">
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t("import.col.file")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("import.col.kind")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("import.col.status")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("import.col.rows")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("import.col.created")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
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
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
