import { randomUUID } from "node:crypto";
import type { Insertable } from "kysely";
import type { ExpectationChangesTable } from "#db/schema.ts";
import {
  answerableNotice,
  noticeReach,
  noticeStanding,
  type NoticeAnswer,
  type NoticeRule,
  type NoticeState,
} from "#app/domain/notice.ts";
import type { NoticeAnswerInput } from "#app/schemas/portal.ts";
import { calendarDate, daysBefore, TIME_ZONE } from "#app/domain/time.ts";
import { db, type Executor, type Trx } from "#app/utils/db.server.ts";
import { FieldError, NotFoundError } from "#app/utils/errors.server.ts";
import { recordTouchpoint } from "./portal-actions.server.ts";
import { auditPortalAction, type PortalActor } from "./portal-actor.server.ts";
import { queueNoticeContestedAlert } from "./mail-alerts.server.ts";
import { afterPortalScope, withPortalWrite } from "./portal-scope.server.ts";
import { syncPromisedDates } from "./promised-dates.server.ts";
import { noticeAnswers, replansOf } from "./scoring-inputs.server.ts";
import { loadScoringSettings } from "./scoring-settings.server.ts";

// Notice the customer confirms (app/domain/notice.ts): the re-plans the account
// manager says the customer was told of, as the portal shows them, and the
// customer's answer. Both run inside the portal's scope (portal-scope.server.ts):
// the account always comes from the session, and row-level security holds the
// portal role to it whatever a query says.

/** How far back the portal lists notices: a year of re-plans. */
const LISTED_DAYS = 365;

/** How many answered or settled notices the portal lists, newest first; those still awaiting an answer are all listed. */
export const SETTLED_NOTICES_LISTED = 100;

/**
 * The notices of the account's commitments recorded in the last year, each with
 * how it stands: first every notice still awaiting the customer's answer
 * (notice.ts: 'awaiting', within its contest period), however many there are,
 * so a run of other notices can never push one out of the customer's sight
 * before it stands unanswered, with the unanswered ones nobody could see when
 * they were recorded ('unreachable': they count only once confirmed) among the
 * re-plans read; then the others (answered, or settled after the contest
 * period) up to SETTLED_NOTICES_LISTED, `settledLeftOut` saying whether older
 * ones were left out. Each group newest first.
 */
export async function listNotices(executor: Executor, accountId: string, rule: NoticeRule, now: Date = new Date()) {
  const { since: recentSince, notices: recent } = await recentNotices(executor, accountId, rule, now);
  const read = new Set(recent.map((n) => n.replanId));
  // The older ones not read already (the unreachable ones of the year are), so the limit counts only new rows.
  const older = await noticeRows(executor, accountId)
    .where("c.at", "<", recentSince)
    .where("c.at", ">=", daysBefore(now, LISTED_DAYS))
    .$if(read.size > 0, (q) => q.where("c.id", "not in", [...read]))
    .limit(SETTLED_NOTICES_LISTED + 1)
    .execute();
  const all = [...recent, ...older.map((r) => shown(r, rule))];
  const awaiting = all.filter((n) => toCheck(n.state));
  const settled = all.filter((n) => !toCheck(n.state));
  return {
    notices: [...awaiting, ...settled.slice(0, SETTLED_NOTICES_LISTED)],
    settledLeftOut: settled.length > SETTLED_NOTICES_LISTED || older.length > SETTLED_NOTICES_LISTED,
  };
}

/** How many notices await the customer's answer (listNotices' first group), in one read. */
export async function countNoticesAwaiting(executor: Executor, accountId: string, rule: NoticeRule, now = new Date()) {
  return (await recentNotices(executor, accountId, rule, now)).notices.filter((n) => toCheck(n.state)).length;
}

/**
 * Whether a notice waits for the customer to check it: within its contest
 * period, or never seen by anyone when it was recorded (unanswered, it counts
 * only once they confirm it).
 */
export function toCheck(state: NoticeState): boolean {
  return state === "awaiting" || state === "unreachable";
}

/**
 * The notices that may await an answer still, and since when, in one read. A
 * notice within its contest period awaits only while its recorded day is within
 * that period of `rule.today`: the re-plans recorded since then (two days' slack
 * for the zone and for a `today` behind the clock) hold every one of them. One
 * nobody could see when it was recorded awaits a confirmation however old: the
 * unanswered ones of the listed year are read with them.
 */
async function recentNotices(executor: Executor, accountId: string, rule: NoticeRule, now: Date) {
  const earlier = Math.min(now.getTime(), Date.parse(`${rule.today}T00:00:00Z`));
  const since = daysBefore(new Date(earlier), Math.max(0, rule.contestDays) + 2);
  const rows = await noticeRows(executor, accountId)
    .where((eb) =>
      eb.or([
        eb("c.at", ">=", since),
        eb.and([
          eb("c.at", ">=", daysBefore(now, LISTED_DAYS)),
          eb("c.notice_reached_at", "is", null),
          eb("c.notice_reach_unknown", "=", false),
          eb.not(
            eb.exists(
              eb
                .selectFrom("expectation_changes as na")
                .select("na.id")
                .whereRef("na.account_id", "=", "c.account_id")
                .whereRef("na.replan_id", "=", "c.id"),
            ),
          ),
        ]),
      ]),
    )
    .execute();
  return { since, notices: rows.map((r) => shown(r, rule)) };
}

/** The re-plans with notice of the account's open or delivered commitments, newest first. */
function noticeRows(executor: Executor, accountId: string) {
  return replansOf(executor, accountId)
    .innerJoin("expectations as e", (j) =>
      j.onRef("e.account_id", "=", "c.account_id").onRef("e.id", "=", "c.expectation_id"),
    )
    .select(["e.title", "c.reason"])
    .where("c.customer_notified", "=", true)
    .where("e.status", "in", ["open", "resolved"])
    .orderBy("c.at", "desc")
    .orderBy("c.id");
}

/** A notice as the portal shows it, standing as `rule` judges it. */
function shown(r: NoticeRow, rule: NoticeRule) {
  const answers = (r.notice_answers ?? []) as { answer: NoticeAnswer; at: string }[];
  const standing = noticeStanding({ customerNotified: true, recordedAt: r.at, reachedAt: noticeReach(r), answers }, rule);
  return {
    replanId: r.id,
    expectationId: r.expectation_id,
    title: r.title,
    fromDueDate: r.from_due_date,
    toDueDate: r.to_due_date,
    reason: r.reason,
    /** The day the account manager says the customer was told. */
    toldOn: r.customer_notified_on ?? r.replanned_on,
    state: standing.state,
    standsFrom: standing.standsFrom,
    answerable: answerableNotice(standing.state),
    answeredAt:
      answers
        .map((a) => String(a.at))
        .sort()
        .at(-1) ?? null,
  };
}

type NoticeRow = Awaited<ReturnType<ReturnType<typeof noticeRows>["execute"]>>[number];

export type PortalNotice = ReturnType<typeof shown>;

/**
 * The customer confirms a re-plan's notice or says they were not told. Any
 * portal user of the account may answer a notice of its commitments (open or
 * delivered). A contest always wins (notice.ts): a confirmed notice may still
 * be contested, a contested one is settled. Giving the answer that already
 * stands changes nothing. Recorded as a row of the expectation's history naming
 * the re-plan, a portal touchpoint and an audit event. Returns the
 * expectation's id (its promised date and scores are refreshed by the caller
 * outside the scope) and whether anything was recorded.
 */
export async function answerNotice(trx: Trx, actor: PortalActor, input: NoticeAnswerInput, rule: NoticeRule) {
  const replan = await trx
    .selectFrom("expectation_changes as c")
    .innerJoin("expectations as e", (j) =>
      j.onRef("e.account_id", "=", "c.account_id").onRef("e.id", "=", "c.expectation_id"),
    )
    .select([
      "c.id",
      "c.expectation_id",
      "c.at",
      "c.customer_notified",
      "c.customer_notified_on",
      "c.notice_reached_at",
      "c.notice_reach_unknown",
      "c.from_due_date",
      "c.to_due_date",
      "e.title",
      "e.status",
    ])
    .select((eb) => noticeAnswers(eb, "c"))
    .where("c.account_id", "=", actor.accountId)
    .where("c.id", "=", input.replan_id)
    .where("c.kind", "=", "replanned")
    .executeTakeFirst();
  if (!replan || replan.customer_notified !== true || !["open", "resolved"].includes(replan.status)) {
    throw new NotFoundError("notice");
  }
  const answers = (replan.notice_answers ?? []) as { answer: NoticeAnswer; at: string }[];
  const { state } = noticeStanding(
    { customerNotified: true, recordedAt: replan.at, reachedAt: noticeReach(replan), answers },
    rule,
  );
  if (state === input.answer) return { expectationId: replan.expectation_id, changed: false };
  if (!answerableNotice(state).includes(input.answer))
    throw new FieldError({ "": { key: "portalNotices.alreadyContested" } });
  const kind = input.answer === "confirmed" ? "notice_confirmed" : "notice_contested";
  await trx
    .insertInto("expectation_changes")
    .values({
      account_id: actor.accountId,
      id: randomUUID(),
      expectation_id: replan.expectation_id,
      kind,
      replan_id: replan.id,
      reason: input.note,
      actor_id: actor.userId,
      // A JS object, not a JSON string (postgres.js would store a JSON string).
      details: {
        stakeholder_id: actor.stakeholderId,
        previous: state,
      } as Insertable<ExpectationChangesTable>["details"],
    })
    .execute();
  await recordTouchpoint(trx, actor, {
    kind: "other",
    title: {
      key: input.answer === "confirmed" ? "portalTouchpoint.noticeConfirmed" : "portalTouchpoint.noticeContested",
      params: { title: replan.title, to: replan.to_due_date ?? "", expectation_id: replan.expectation_id },
    },
    summary: input.note,
  });
  await auditPortalAction(trx, actor, {
    entity: "expectation",
    entityId: replan.expectation_id,
    action: input.answer === "confirmed" ? "customer_notice_confirm" : "customer_notice_contest",
    before: { replan_id: replan.id, notice: state },
    after: { replan_id: replan.id, notice: input.answer, note: input.note },
  });
  if (input.answer === "contested") {
    // The KAM's alert reads people the portal role may not see: after the scope, same transaction.
    await afterPortalScope(trx, (app) =>
      queueNoticeContestedAlert(app, {
        accountId: actor.accountId,
        expectationId: replan.expectation_id,
        replanId: replan.id,
        title: replan.title,
        toDueDate: replan.to_due_date,
        toldOn: replan.customer_notified_on ?? replan.at,
        note: input.note,
        stakeholderId: actor.stakeholderId,
      }),
    );
  }
  return { expectationId: replan.expectation_id, changed: true };
}

/**
 * The answer as the portal's action gives it: scoped to the session's account,
 * then (as the application's role, same transaction) the expectation's promised
 * date follows the notice and the account is rescored (portal-scope.server.ts).
 */
export async function answerNoticeInPortal(
  actor: PortalActor,
  input: NoticeAnswerInput,
  today: string = calendarDate(),
) {
  const { settings } = await loadScoringSettings(db());
  const rule = { today, contestDays: settings.noticeContestDays, timeZone: TIME_ZONE };
  return withPortalWrite(
    actor.accountId,
    (trx) => answerNotice(trx, actor, input, rule),
    (trx, result) => syncPromisedDates(trx, actor.accountId, [result.expectationId], today),
  );
}

/** How the portal judges a notice today (read before the scope: the portal role does not read the settings). */
export async function portalNoticeRule(today: string = calendarDate()): Promise<NoticeRule> {
  const { settings } = await loadScoringSettings(db());
  return { today, contestDays: settings.noticeContestDays, timeZone: TIME_ZONE };
}

