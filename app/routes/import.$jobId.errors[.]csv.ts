import type { LoaderFunctionArgs } from "@remix-run/node";
// csv-stringify: see app/routes/portfolio[.]csv.ts for why (RFC 4180 quoting, no dependencies).
import { stringify } from "csv-stringify/sync";
import { neutraliseFormula } from "#app/domain/spreadsheet.ts";
import { resolveLocale } from "#app/web/locale.server.ts";
import { rejectedRowsTable } from "#app/models/import/errors-file.server.ts";
import { getImportJob } from "#app/models/import/jobs.server.ts";
import { importTranslator } from "#app/models/import/messages.server.ts";
import { notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { NotFoundError } from "#app/utils/errors.server.ts";
import { parseId } from "#app/web/params.ts";

/**
 * The rejected rows of an import, to fix and upload again: the file's own
 * columns and values as they were (formulas neutralised), in the same separator, then the line, the
 * field and the reason (see errors-file.server.ts).
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
  const table = await rejectedRowsTable(db(), job, importTranslator(await resolveLocale(request)));
  // The uploaded cells come back as they were, except that none can run as a formula.
  const records = table.records.map((record) => record.map(neutraliseFormula));
  const body = stringify(records, { delimiter: table.delimiter, record_delimiter: "windows" });
  const base = job.file_name.replace(/\.[^.]*$/, "") || "import";
  return new Response(`\uFEFF${body}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${encodeURIComponent(base)}-errors.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
