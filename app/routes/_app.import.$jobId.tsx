import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { IMPORT_FIELDS, type ColumnMapping } from "#app/domain/import/fields.ts";
import { isPlainText } from "#app/domain/text.ts";
import type { MessageKey } from "#app/i18n/index.ts";
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
import { MappingStep } from "#app/routes/__import/mapping-step.tsx";
import { ProgressStep } from "#app/routes/__import/progress-step.tsx";
import { ResultStep } from "#app/routes/__import/result-step.tsx";

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
  const { job, fields, preview, progress, errors, errorCount } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (job.status === "draft")
    return <MappingStep job={job} fields={fields} preview={preview} error={actionData?.error} />;
  if (inProgress(job.status)) return <ProgressStep job={job} progress={progress} />;
  return <ResultStep job={job} errors={errors} errorCount={errorCount} />;
}
