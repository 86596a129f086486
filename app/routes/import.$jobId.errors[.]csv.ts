import type { LoaderFunctionArgs } from "@remix-run/node";
// csv-stringify: see app/routes/portfolio[.]csv.ts for why (RFC 4180 quoting, no dependencies).
import { stringify } from "csv-stringify/sync";
import { formatters, type MessageKey } from "#app/i18n/index.ts";
import { resolveLocale } from "#app/i18n/locale.server.ts";
import { getImportJob, readJobFile } from "#app/models/import/jobs.server.ts";
import { importTranslator, reasonText } from "#app/models/import/messages.server.ts";
import { notFound, requireInternalUser } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { NotFoundError } from "#app/utils/errors.server.ts";
import { parseId } from "#app/utils/params.ts";

/**
 * The rejected rows of an import, to fix and upload again: the file's own
 * columns, values as they were (so the fixed file imports with the same
 * mapping), the same separator, and one more column with what is wrong.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const jobId = parseId(params.jobId);
  let job;
  try {
    job = await getImportJob(db(), user, jobId);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const locale = await resolveLocale(request);
  const { t } = formatters(locale);
  const tr = importTranslator(locale);
  const file = await readJobFile(db(), job.id);
  const reasons = new Map<number, string[]>();
  for (const e of job.errors) {
    const field = e.field ? t(`import.f.${e.field}` as MessageKey) : "";
    const where = field ? (e.column ? `${field} (${e.column})` : field) : "";
    reasons.set(e.line, [...(reasons.get(e.line) ?? []), where ? `${where}: ${reasonText(tr, e)}` : reasonText(tr, e)]);
  }
  const rows = file.rows
    .filter((r) => reasons.has(r.line))
    .map((r) => [...file.headers.map((_, i) => r.values[i] ?? ""), reasons.get(r.line)!.join(" | ")]);
  const body = stringify([[...file.headers, t("import.errorColumn")], ...rows], { delimiter: file.delimiter, record_delimiter: "windows" });
  const base = job.file_name.replace(/\.[^.]*$/, "") || "import";
  return new Response(`\uFEFF${body}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${encodeURIComponent(base)}-errors.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
