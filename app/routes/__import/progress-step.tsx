import { Form } from "@remix-run/react";
import { useI18n } from "#app/i18n/use-i18n.ts";

// An import queued or running: its phase and progress (the page refreshes
// itself), what is committed so far, and Cancel.

export function ProgressStep({
  job,
  progress,
}: {
  job: { status: string; file_name: string; checkpoint: number; total: number };
  progress: { phase: "checking" | "writing" | "finishing"; done: number; total: number };
}) {
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
