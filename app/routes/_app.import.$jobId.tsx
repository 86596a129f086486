import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CONSTANT_PREFIX, IMPORT_FIELDS, type ColumnMapping } from "#app/domain/import/fields.ts";
import { isPlainText } from "#app/domain/text.ts";
import { LOGGABLE_TOUCHPOINT_KINDS, type TouchpointKind } from "#app/domain/vocabulary.ts";
import type { MessageKey } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import {
  cancelImportJob,
  getImportJob,
  previewImport,
  queueImportJob,
  requeueValidRows,
  retryImportJob,
  saveImportMapping,
} from "#app/models/import/jobs.server.ts";
import { failureText, importTranslator, reasonText } from "#app/models/import/messages.server.ts";
import type { ImportMode } from "#app/models/import/shared.server.ts";
import { importProgress, wakeImportWorker } from "#app/models/import/worker.server.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { NotFoundError } from "#app/utils/errors.server.ts";
import { parseId } from "#app/web/params.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { ScrollBox } from "#app/components/ui/table.tsx";

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
    "kind.",
    "replanForm.beforeLastReplan",
    "replanForm.madeInFuture",
    "replanForm.newDateBeforeReplan",
    "replanForm.notifiedInFuture",
    "replanForm.reasonRequired",
    "replanForm.sameDate",
    "scoringSettings.",
    "signal.",
    "surveyAnswer.",
    "task.playbookTitle",
    "title.import",
    "touchpointForm.resolvedBeforeOpened",
    "touchpointForm.slaHoursRange",
    "validation.",
  ),
};

// One import, through its life: map the columns and preview (draft), watch it
// run (the page refreshes itself every two seconds, without JavaScript too) and
// cancel it, and read the result with every rejected row; a failed or cancelled
// import is retried from its last committed chunk.

/** Rejected rows listed on the page; the CSV download has them all. */
const ERRORS_SHOWN = 200;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const f = metaI18n(matches);
  const refresh = data && inProgress(data.job.status) ? [{ httpEquiv: "refresh", content: "2" }] : [];
  return [...pageTitle(f, f.t("title.import")), ...refresh];
};

/** A job still queued or running: the page reloads itself until it ends. */
function inProgress(status: string) {
  return status === "queued" || status === "running";
}

async function loadJob(request: Request, jobIdParam: string | undefined) {
  const user = await requireInternalUser(request);
  const jobId = parseId(jobIdParam);
  try {
    return { user, job: await getImportJob(db(), user, jobId) };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, job } = await loadJob(request, params.jobId);
  const { locale } = await actionContext(request);
  const live = importProgress(job.id);
  const progress = live ?? { phase: job.phase, done: job.done, total: job.total };
  const t = importTranslator(locale);
  const preview = job.status === "draft" ? await previewImport(db(), user, job, t) : null;
  const { errors, failure, ...rest } = job;
  return {
    job: { ...rest, failure: failure ? failureText(t, failure) : "" },
    fields: IMPORT_FIELDS[job.kind].map((f) => ({ key: f.key, required: f.required })),
    preview,
    progress,
    errors: errors
      .slice(0, ERRORS_SHOWN)
      .map((e) => ({ line: e.line, field: e.field, column: e.column, reason: reasonText(t, e) })),
    errorCount: errors.length,
  };
}

function readMapping(form: FormData, kind: keyof typeof IMPORT_FIELDS): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const field of IMPORT_FIELDS[kind]) {
    const value = String(form.get(`map.${field.key}`) ?? "");
    if (value) mapping[field.key] = value;
  }
  return mapping;
}

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const { user, job } = await loadJob(request, params.jobId);
  const { t } = await actionContext(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "valid") {
    if (await requeueValidRows(db(), user, job.id)) wakeImportWorker();
    return redirect(`/import/${job.id}`);
  }
  if (intent === "cancel") {
    await cancelImportJob(db(), user, job.id);
    return redirect(`/import/${job.id}`);
  }
  if (intent === "retry") {
    if (await retryImportJob(db(), user, job.id)) wakeImportWorker();
    return redirect(`/import/${job.id}`);
  }
  if (job.status !== "draft") return redirect(`/import/${job.id}`);
  const mode: ImportMode = form.get("mode") === "valid_rows" ? "valid_rows" : "all_or_nothing";
  const source = [...String(form.get("source") ?? "").trim()].slice(0, 100).join("");
  if (!isPlainText(source)) return data({ error: t("validation.plainText") }, { status: 400 });
  const { missing } = await saveImportMapping(db(), user, job.id, {
    mapping: readMapping(form, job.kind),
    mode,
    source,
  });
  const missingMessage = () =>
    t("import.missing", { fields: missing.map((key) => t(`import.f.${key}` as MessageKey)).join(", ") });
  if (intent === "start") {
    if (missing.length) return data({ error: missingMessage() }, { status: 400 });
    const queued = await queueImportJob(db(), user, job.id);
    if (queued.queued) wakeImportWorker();
  }
  return redirect(`/import/${job.id}`);
}

export default function ImportJobPage() {
  const { job } = useLoaderData<typeof loader>();
  if (job.status === "draft") return <MappingStep />;
  if (job.status === "queued" || job.status === "running") return <ProgressStep />;
  return <ResultStep />;
}

function MappingStep() {
  const { job, fields, preview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const label = (key: string) => t(`import.f.${key}` as MessageKey);
  const mapped = fields.filter((f) => job.mapping[f.key]);
  const missing = fields.filter((f) => f.required && !job.mapping[f.key]);
  const select = "w-full rounded-md border border-slate-400 bg-white px-2 py-1.5";
  return (
    <div>
      <h1 className="text-2xl font-bold">{t("import.mapTitle", { file: job.file_name })}</h1>
      <p className="mt-1 text-slate-700">
        {t(`import.kind.${job.kind}`)} ·{" "}
        {t("import.summary", { rows: job.total, delimiter: job.delimiter === "\t" ? "Tab" : job.delimiter })}
      </p>
      <Form
        method="post"
        className="mt-4 flex flex-col gap-4"
        aria-describedby={actionData?.error ? "map-error" : undefined}
      >
        {actionData?.error || missing.length ? (
          <p id="map-error" role="alert" className="rounded-md bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200">
            {actionData?.error ?? t("import.missing", { fields: missing.map((f) => label(f.key)).join(", ") })}
          </p>
        ) : null}
        <p className="text-sm text-slate-700">{t("import.mapIntro")}</p>
        <ScrollBox
          label={t("import.mapTitle", { file: job.file_name })}
          className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200"
        >
          <table className="min-w-full text-sm">
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t("import.fieldHeader")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("import.columnHeader")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
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
                      className={select}
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
            </tbody>
          </table>
        </ScrollBox>
        <div className="flex flex-wrap gap-6">
          <div className="flex flex-col gap-1">
            <label htmlFor="source" className="text-sm font-medium">
              {t("import.source")}
            </label>
            <input
              id="source"
              name="source"
              defaultValue={job.source}
              maxLength={100}
              className="rounded-md border border-slate-400 px-3 py-1.5"
              aria-describedby="source-hint"
            />
            <p id="source-hint" className="max-w-sm text-xs text-slate-600">
              {t("import.sourceHint")}
            </p>
          </div>
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

      {preview ? (
        <section className="mt-8" aria-labelledby="preview-title">
          <h2 id="preview-title" className="text-lg font-semibold">
            {t("import.previewTitle", { count: preview.length })}
          </h2>
          <ScrollBox labelledBy="preview-title" className="mt-2 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
            <table className="min-w-full text-sm" data-testid="import-preview">
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-2 py-2">
                    {t("import.line")}
                  </th>
                  <th scope="col" className="px-2 py-2">
                    {t("import.result")}
                  </th>
                  {mapped.map((f) => (
                    <th key={f.key} scope="col" className="px-2 py-2 whitespace-nowrap">
                      {label(f.key)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
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
                    {mapped.map((f) => (
                      <td
                        key={f.key}
                        className="max-w-xs truncate px-2 py-1.5 align-top"
                        title={row.cells[f.key] ?? ""}
                      >
                        {row.cells[f.key] ?? ""}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        </section>
      ) : null}
    </div>
  );
}

function ProgressStep() {
  const { job, progress } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const started = job.status === "running";
  return (
    <div className="max-w-2xl">
      <h1 className="text-2xl font-bold">{t("import.progressTitle", { file: job.file_name })}</h1>
      <div className="mt-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" role="status" aria-live="polite">
        <p>
          {started
            ? t(`import.phase.${progress.phase}`, { done: progress.done, total: progress.total })
            : t("import.queued")}
        </p>
        <progress className="mt-2 w-full" max={Math.max(progress.total, 1)} value={started ? progress.done : 0} />
        {job.checkpoint > 0 ? (
          <p className="mt-2 text-sm text-slate-700">
            {t("import.committed", { count: job.checkpoint, total: job.total })}
          </p>
        ) : null}
      </div>
      <p className="mt-4 text-sm text-slate-700">{t("import.leaveHint")}</p>
      <Form method="post" className="mt-4">
        <button
          type="submit"
          name="intent"
          value="cancel"
          className="rounded-md border border-red-700 px-3 py-1.5 font-semibold text-red-800"
        >
          {t("import.cancel")}
        </button>
        <p className="mt-1 text-xs text-slate-600">{t("import.cancelHint")}</p>
      </Form>
    </div>
  );
}

function ResultStep() {
  const { job, errors, errorCount } = useLoaderData<typeof loader>();
  const { t, number } = useI18n();
  const label = (key: string) => (key ? t(`import.f.${key}` as MessageKey) : t("import.wholeRow"));
  const title =
    job.status === "done"
      ? "import.doneTitle"
      : job.status === "rejected"
        ? "import.rejectedTitle"
        : job.status === "cancelled"
          ? "import.cancelledTitle"
          : "import.failedTitle";
  const stopped = job.status === "failed" || job.status === "cancelled";
  const written = job.inserted + job.updated + job.unchanged;
  return (
    <div>
      <h1 className="text-2xl font-bold">{t(title, { file: job.file_name })}</h1>
      {job.status === "rejected" ? (
        <p className="mt-2 text-slate-800">{t("import.rejectedIntro", { count: job.rejected })}</p>
      ) : null}
      {job.status === "failed" ? (
        <p className="mt-2 text-red-900">{t("import.failedIntro", { error: job.failure })}</p>
      ) : null}
      {stopped ? (
        <p className="mt-2 text-slate-800">
          {written > 0 || job.checkpoint > 0
            ? t("import.stoppedPartly", { count: job.checkpoint, total: job.total })
            : t("import.stoppedNothing")}
        </p>
      ) : null}
      {job.status === "done" || (stopped && written > 0) ? (
        <dl className="mt-4 grid max-w-2xl grid-cols-4 gap-3" data-testid="import-counts">
          {(["inserted", "updated", "unchanged", "rejected"] as const).map((k) => (
            <div key={k} className="rounded-lg bg-white p-3 text-center shadow-sm ring-1 ring-slate-200">
              <dt className="text-sm text-slate-700">{t(`import.count.${k}`)}</dt>
              <dd className="text-2xl font-bold">{number(job[k])}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <div className="mt-4 flex flex-wrap gap-3">
        {errorCount > 0 ? (
          <a
            href={`/import/${job.id}/errors.csv`}
            className="rounded-md border border-brand-700 px-3 py-1.5 font-semibold text-brand-700"
            download
          >
            {t("import.downloadErrors")}
          </a>
        ) : null}
        {stopped ? (
          <Form method="post">
            <button
              type="submit"
              name="intent"
              value="retry"
              className="rounded-md border border-brand-700 px-3 py-1.5 font-semibold text-brand-700"
            >
              {job.checkpoint > 0 ? t("import.retryFrom", { line: job.checkpoint + 1 }) : t("import.retry")}
            </button>
          </Form>
        ) : null}
        {job.status === "rejected" && job.mode === "all_or_nothing" ? (
          <Form method="post">
            <button
              type="submit"
              name="intent"
              value="valid"
              className="rounded-md border border-slate-400 px-3 py-1.5"
            >
              {t("import.importValid")}
            </button>
          </Form>
        ) : null}
        <Link to="/import" className="rounded-md bg-brand-700 px-3 py-1.5 font-semibold text-white">
          {t("import.another")}
        </Link>
      </div>
      {errors.length ? (
        <section className="mt-6" aria-labelledby="errors-title">
          <h2 id="errors-title" className="text-lg font-semibold">
            {t("import.errorsTitle")}
          </h2>
          {errorCount > errors.length ? (
            <p className="text-sm text-slate-700">
              {t("import.errorsMore", { shown: errors.length, count: errorCount })}
            </p>
          ) : null}
          <ScrollBox labelledBy="errors-title" className="mt-2 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
            <table className="min-w-full text-sm" data-testid="import-errors">
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    {t("import.line")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("import.fieldHeader")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("import.columnHeader")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("import.errorColumn")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {errors.map((e, i) => (
                  <tr key={i}>
                    <td className="px-3 py-1.5">{e.line}</td>
                    <td className="px-3 py-1.5">{label(e.field)}</td>
                    <td className="px-3 py-1.5">{e.column}</td>
                    <td className="px-3 py-1.5">{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        </section>
      ) : null}
    </div>
  );
}
