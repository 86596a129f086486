import { useLocation, type ShouldRevalidateFunction } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { lazy, Suspense } from "react";
import type { TaskFormError } from "#app/components/task-form.tsx";
import { withSearchParam } from "#app/components/ui/search-params.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

// "Create a task" from a risk signal, on the pages that list signals (the
// account overview, the risk inbox): one form per page, not one per signal
// (each carried the whole staff list). Every other signal has a plain link
// that opens its own, so without JavaScript too: the page again with
// `?task=<signalId>` added to its parameters. The form's Cancel and a task
// made take it away.

export const TASK_PARAM = "task";

/**
 * A page's loader is not asked again when a link only opens or closes a task
 * form (a navigation that changes `?task=` alone): what it listed is still what
 * the page shows, and the staff list is in its data already. Posts, and any
 * other change, follow Remix's own rule.
 */
export const skipRevalidationForTaskParam: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  formMethod,
  defaultShouldRevalidate,
}) =>
  defaultShouldRevalidate &&
  !(
    !formMethod &&
    currentUrl.pathname === nextUrl.pathname &&
    withSearchParam(currentUrl.search, TASK_PARAM, null) === withSearchParam(nextUrl.search, TASK_PARAM, null)
  );

/**
 * The form's code is fetched when a form is first shown, not with the page:
 * most visits open none. The server renders it whole (entry.server waits for
 * everything), and hydration keeps that HTML until the code has come.
 */
const TaskForm = lazy(() => import("#app/components/task-form.tsx").then((m) => ({ default: m.TaskForm })));

const formIdOf = (signalId: string) => `signal-${signalId}`;

/**
 * Whether a signal's task form is open: the signal `?task=` names, or the one
 * whose form the last post refused (it shows what was typed and why). A value
 * naming no listed signal (or no signal at all) opens nothing.
 */
export function useSignalTaskOpen(error: TaskFormError | null | undefined) {
  const task = new URLSearchParams(useLocation().search).get(TASK_PARAM);
  return (signalId: string) => signalId === task || error?.formId === formIdOf(signalId);
}

/**
 * A signal's link to its task form or, when `open`, the form itself with a
 * Cancel link back (the same page without `?task=`). Both land on this part.
 */
export function SignalTask({
  signalId,
  accountId,
  title,
  staff,
  submissionId,
  error,
  open,
}: {
  signalId: string;
  accountId: string;
  /** The new task's title to start from. */
  title: string;
  staff: { id: string; name: string }[];
  submissionId: string;
  error: TaskFormError | null | undefined;
  open: boolean;
}) {
  const { t } = useI18n();
  const { search } = useLocation();
  const formId = formIdOf(signalId);
  const anchor = `task-${formId}`;
  return (
    <div id={anchor} className="mt-2" data-testid="signal-task">
      {open ? (
        <>
          <p className="text-sm font-semibold">{t("task.fromSignal")}</p>
          <Suspense fallback={null}>
            <TaskForm
              formId={formId}
              accountId={accountId}
              staff={staff}
              error={error}
              submissionId={submissionId}
              defaults={{ title, signal_id: signalId }}
            />
          </Suspense>
        </>
      ) : null}
      <Link
        to={`${withSearchParam(search, TASK_PARAM, open ? null : signalId)}#${anchor}`}
        preventScrollReset
        className="mt-2 inline-block text-sm font-medium text-brand-700 underline"
      >
        {t(open ? "task.fromSignalCancel" : "task.fromSignal")}
      </Link>
    </div>
  );
}
