import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
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
import { titleMeta } from "#app/i18n/meta.ts";
import { UploadFields } from "#app/schemas/import.ts";
import { ImportHelp, RecentImports, UploadForm } from "#app/routes/__import/upload.tsx";

export { REPLANS_EXAMPLE, SURVEY_ANSWERS_EXAMPLE } from "#app/routes/__import/upload.tsx";

export const meta: MetaFunction = titleMeta("title.import");

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

export default function ImportPage() {
  const { recent, sources, maxRows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="max-w-4xl">
      <h1 className="text-2xl font-bold">{t("import.title")}</h1>
      <p className="mt-2 text-slate-700">{t("import.intro")}</p>
      <ImportHelp />
      <UploadForm error={actionData?.error} values={actionData?.values} sources={sources} maxRows={maxRows} />
      <RecentImports recent={recent} />
    </div>
  );
}
