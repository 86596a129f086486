// What the account overview shows: health, predictability, what needs attention
// now (risk signals, open expectations, the brief) and the latest touchpoints.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import type { BriefData } from "#app/components/account-brief.tsx";
import { daysSinceDecisionMakerContact, lastContactByKeyRole, sentimentTrend } from "#app/domain/brief.ts";
import { canAcknowledgeSignal, canCreateTask, canEditAccount, canViewAccount } from "#app/domain/permissions.ts";
import { calendarDate } from "#app/domain/time.ts";
import { formatters } from "#app/i18n/index.ts";
import { getAccountHealth } from "#app/models/account-health.server.ts";
import { getAccount } from "#app/models/accounts.server.ts";
import {
  keyRoleHolders,
  meetingBrief,
  openSupportCases,
  recentSentiments,
  unpaidOrDisputedInvoices,
} from "#app/models/brief.server.ts";
import { openExpectations } from "#app/models/expectations.server.ts";
import { loadScoringSettings } from "#app/models/scoring-settings.server.ts";
import { listStaff } from "#app/models/tasks.server.ts";
import { latestRecorded } from "#app/models/timeline.server.ts";
import { parsePredictabilityWindow, WINDOW_PARAM } from "#app/schemas/health.ts";
import { hasTimelineFilters, parseTimelineFilters } from "#app/schemas/timeline.ts";
import { db } from "#app/utils/db.server.ts";
import { forbidden, notFound, requireInternalUser, type InternalUser } from "#app/web/auth.server.ts";
import { resolveLocale } from "#app/web/locale.server.ts";
import { parseId } from "#app/web/params.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";
import { withRecordSentences } from "./brief-sentences.server.ts";
import { ACKNOWLEDGED_PARAM, SIGNALS_PARAM } from "./overview-params.ts";

/** How many risk signals the overview lists before "show all". */
const SIGNALS_SHOWN = 8;
/** How many of the touchpoints recorded last the overview shows; the timeline section has them all. */
const RECENT_TOUCHPOINTS = 5;

// The timeline, ledger, committee and portal access are sections of their own
// (AccountSections links them).
export async function overviewLoader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  if (!canViewAccount(user)) throw await forbidden(request, user);
  const accountId = parseId(params.accountId);
  const url = new URL(request.url);
  const searchParams = url.searchParams;
  // Timeline filters and pages live in the timeline section now; old links keep working.
  const filters = parseTimelineFilters(searchParams);
  if (hasTimelineFilters(filters) || filters.cursor) throw redirect(`/accounts/${accountId}/timeline${url.search}`);
  const now = new Date();
  const today = calendarDate(now);
  const { t } = formatters(await resolveLocale(request));
  const months = parsePredictabilityWindow(searchParams.get(WINDOW_PARAM));
  const allSignals = searchParams.get(SIGNALS_PARAM) === "all";
  // Read once for the page: the health section and the meeting's records both run on them.
  const settings = loadScoringSettings(db()).then((stored) => stored.settings);
  const [account, contacts, recent, sentiments, cases, invoices, health, open, meeting] = await Promise.all([
    getAccount(db(), accountId),
    // The brief's key contacts: the present holders of the key roles (who left holds no role).
    keyRoleHolders(db(), accountId, now),
    latestRecorded(db(), accountId, RECENT_TOUCHPOINTS),
    recentSentiments(db(), accountId),
    openSupportCases(db(), accountId),
    unpaidOrDisputedInvoices(db(), accountId),
    settings.then((s) => getAccountHealth(db(), accountId, { today, months, settings: s })),
    openExpectations(db(), accountId, today),
    settings.then((s) => meetingBrief(db(), accountId, now, s)),
  ]);
  if (!account) notFound("error.noAccount");
  const brief: BriefData = {
    today,
    now: now.toISOString(),
    keyContacts: lastContactByKeyRole(contacts),
    dmDays: daysSinceDecisionMakerContact(contacts, now),
    trend: sentimentTrend(sentiments),
    openCases: cases,
    invoices,
    renewalDate: account.renewal_date,
    meeting: withRecordSentences(meeting, t),
  };
  return {
    account,
    viewer: { id: user.id, role: user.role },
    recent,
    brief,
    canEdit: canEditAccount(user, account),
    // A few signals, most pressing first, unless all were asked for: an account
    // with dozens of overdue commitments should not bury the rest of its page.
    health: {
      ...health,
      signals: allSignals ? health.signals : firstSignals(health.signals, searchParams.get(ACKNOWLEDGED_PARAM)),
    },
    signalCounts: {
      open: health.signals.filter((s) => !s.acknowledgedAt).length,
      total: health.signals.length,
    },
    openExpectations: open,
    canAcknowledge: canAcknowledgeSignal(user, account),
    // "Create a task" from a signal: the account's editors (canCreateTask).
    taskForm: canCreateTask(user, account) ? await taskFormFor(user) : null,
  };
}

/** Whom a task made from a signal may be given to (the staff but oneself), and the form's submission id. */
async function taskFormFor(user: InternalUser) {
  return {
    staff: (await listStaff(db())).filter((s) => s.id !== user.id).map((s) => ({ id: s.id, name: s.name })),
    submissionId: newSubmissionId(),
  };
}

/** The most pressing few, plus the one just acknowledged wherever it now sorts. */
function firstSignals<S extends { id: string }>(signals: S[], acknowledgedId: string | null): S[] {
  const first = signals.slice(0, SIGNALS_SHOWN);
  const pinned =
    acknowledgedId && !first.some((s) => s.id === acknowledgedId)
      ? signals.find((s) => s.id === acknowledgedId)
      : undefined;
  return pinned ? [...first, pinned] : first;
}
