import { Form } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import type { MessageKey } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { ImportTable } from "./parts.tsx";

// How an import ended: its counts, what to do next (the rejected rows as a
// file, retry from the last committed chunk, import the valid rows), and the
// rejected rows with their reasons.

export interface ResultJob {
  id: string;
  status: string;
  mode: string;
  file_name: string;
  failure: string;
  total: number;
  checkpoint: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}
export interface RowErrorView {
  line: number;
  field: string;
  column: string;
  reason: string;
}

const TITLES: Record<string, MessageKey> = {
  done: "import.doneTitle",
  rejected: "import.rejectedTitle",
  cancelled: "import.cancelledTitle",
};

export function ResultStep({
  job,
  errors,
  errorCount,
}: {
  job: ResultJob;
  errors: RowErrorView[];
  errorCount: number;
}) {
  const { t, number } = useI18n();
  const stopped = job.status === "failed" || job.status === "cancelled";
  const written = job.inserted + job.updated + job.unchanged;
  return (
    <div>
      <h1 className="text-2xl font-bold">{t(TITLES[job.status] ?? "import.failedTitle", { file: job.file_name })}</h1>
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
      <ResultActions job={job} stopped={stopped} errorCount={errorCount} />
      {errors.length ? <ErrorsTable errors={errors} errorCount={errorCount} /> : null}
    </div>
  );
}

/** A button posting an intent to the job's page. */
function IntentButton({ intent, className, children }: { intent: string; className: string; children: string }) {
  return (
    <Form method="post">
      <button type="submit" name="intent" value={intent} className={className}>
        {children}
      </button>
    </Form>
  );
}

function ResultActions({ job, stopped, errorCount }: { job: ResultJob; stopped: boolean; errorCount: number }) {
  const { t } = useI18n();
  const outlined = "rounded-md border border-brand-700 px-3 py-1.5 font-semibold text-brand-700";
  return (
    <div className="mt-4 flex flex-wrap gap-3">
      {errorCount > 0 ? (
        <a href={`/import/${job.id}/errors.csv`} className={outlined} download>
          {t("import.downloadErrors")}
        </a>
      ) : null}
      {stopped ? (
        <IntentButton intent="retry" className={outlined}>
          {job.checkpoint > 0 ? t("import.retryFrom", { line: job.checkpoint + 1 }) : t("import.retry")}
        </IntentButton>
      ) : null}
      {job.status === "rejected" && job.mode === "all_or_nothing" ? (
        <IntentButton intent="valid" className="rounded-md border border-slate-400 px-3 py-1.5">
          {t("import.importValid")}
        </IntentButton>
      ) : null}
      <Link to="/import" className="rounded-md bg-brand-700 px-3 py-1.5 font-semibold text-white">
        {t("import.another")}
      </Link>
    </div>
  );
}

/** The rejected rows shown on the page (the CSV download has them all). */
function ErrorsTable({ errors, errorCount }: { errors: RowErrorView[]; errorCount: number }) {
  const { t } = useI18n();
  const label = (key: string) => (key ? t(`import.f.${key}` as MessageKey) : t("import.wholeRow"));
  return (
    <section className="mt-6" aria-labelledby="errors-title">
      <h2 id="errors-title" className="text-lg font-semibold">
        {t("import.errorsTitle")}
      </h2>
      {errorCount > errors.length ? (
        <p className="text-sm text-slate-700">{t("import.errorsMore", { shown: errors.length, count: errorCount })}</p>
      ) : null}
      <ImportTable
        labelledBy="errors-title"
        testId="import-errors"
        className="mt-2"
        columns={[
          { label: t("import.line") },
          { label: t("import.fieldHeader") },
          { label: t("import.columnHeader") },
          { label: t("import.errorColumn") },
        ]}
      >
        {errors.map((e, i) => (
          <tr key={i}>
            <td className="px-3 py-1.5">{e.line}</td>
            <td className="px-3 py-1.5">{label(e.field)}</td>
            <td className="px-3 py-1.5">{e.column}</td>
            <td className="px-3 py-1.5">{e.reason}</td>
          </tr>
        ))}
      </ImportTable>
    </section>
  );
}
