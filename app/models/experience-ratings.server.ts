import { randomUUID } from "node:crypto";
import { addDays, dateOf, inWindow, type DateWindow } from "#app/domain/dates.ts";
import {
  disconfirmationBalance,
  disconfirmationByMonth,
  type DisconfirmationBalance,
  type ExpectationRating,
} from "#app/domain/disconfirmation.ts";
import { periodMonths } from "#app/domain/review-pack.ts";
import { daysBefore, TIME_ZONE } from "#app/domain/time.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { FieldError, NotFoundError } from "#app/utils/errors.server.ts";
import {
  RATEABLE_DAYS,
  rateableTouchpoints,
  ratingsWithSubject,
  recentRateableTouchpoints,
} from "./experience-rating-rows.server.ts";
import type { PortalActor } from "./portal-actions.server.ts";

// The customer's own ratings of a delivery or a shared touchpoint against what
// they expected (app/domain/disconfirmation.ts). Only the portal writes them
// (rateAgainstExpectation, inside the portal's scope); the staff side reads
// them. No staff form, API field or import column sets one.

/** Outcomes that delivered something the customer can compare with what they expected. */
const RATEABLE_OUTCOMES = ["kept", "exceeded", "late", "partial"] as const;

export interface RateableItem {
  subject: "touchpoint" | "expectation";
  id: string;
  title: string;
  /** The touchpoint's instant, or the delivery's day. */
  on: Date | string;
  kind: string | null;
  myRating: ExpectationRating | null;
  myWord: string;
}

/** What the customer can rate: deliveries and shared touchpoints of the last RATEABLE_DAYS days, with their own rating if given. */
export async function listRateable(executor: Executor, accountId: string, stakeholderId: string, now: Date = new Date()): Promise<RateableItem[]> {
  const since = daysBefore(now, RATEABLE_DAYS);
  const deliveries = await executor
    .selectFrom("expectations")
    .select(["id", "title", "delivered_on"])
    .where("account_id", "=", accountId)
    .where("status", "=", "resolved")
    .where("outcome", "in", RATEABLE_OUTCOMES)
    .where("delivered_on", ">=", since.toISOString().slice(0, 10))
    .orderBy("delivered_on", "desc")
    .orderBy("id", "desc")
    .limit(20)
    .execute();
  const touchpoints = await recentRateableTouchpoints(executor, accountId, now);
  const ids = [...deliveries.map((d) => d.id), ...touchpoints.map((t) => t.id)];
  const mine = ids.length
    ? await executor
        .selectFrom("experience_ratings")
        .select(["touchpoint_id", "expectation_id", "rating", "word"])
        .where("account_id", "=", accountId)
        .where("stakeholder_id", "=", stakeholderId)
        .where((eb) => eb.or([eb("touchpoint_id", "in", ids), eb("expectation_id", "in", ids)]))
        .execute()
    : [];
  const rated = new Map(mine.map((r) => [r.touchpoint_id ?? r.expectation_id, r]));
  return [
    ...deliveries.map((d) => ({ subject: "expectation" as const, id: d.id, title: d.title, on: d.delivered_on!, kind: null })),
    ...touchpoints.map((t) => ({ subject: "touchpoint" as const, id: t.id, title: t.title, on: t.occurred_at, kind: t.kind })),
  ].map((item) => ({ ...item, myRating: rated.get(item.id)?.rating ?? null, myWord: rated.get(item.id)?.word ?? "" }));
}

export interface ExpectationRatingInput {
  subject: "touchpoint" | "expectation";
  subject_id: string;
  rating: ExpectationRating;
  word: string;
}

/** The customer rates a delivery or a shared touchpoint of their own account, once. In the portal's scope. */
export async function rateAgainstExpectation(trx: Trx, actor: PortalActor, input: ExpectationRatingInput) {
  const subject =
    input.subject === "touchpoint"
      ? await rateableTouchpoints(trx, actor.accountId)
          .select(["id", "title"])
          .where("id", "=", input.subject_id)
          .executeTakeFirst()
      : await trx
          .selectFrom("expectations")
          .select(["id", "title"])
          .where("account_id", "=", actor.accountId)
          .where("id", "=", input.subject_id)
          .where("status", "=", "resolved")
          .where("outcome", "in", RATEABLE_OUTCOMES)
          .executeTakeFirst();
  if (!subject) throw new NotFoundError(input.subject);
  const column = input.subject === "touchpoint" ? "touchpoint_id" : "expectation_id";
  const earlier = await trx
    .selectFrom("experience_ratings")
    .select("id")
    .where("account_id", "=", actor.accountId)
    .where("stakeholder_id", "=", actor.stakeholderId)
    .where(column, "=", subject.id)
    .executeTakeFirst();
  if (earlier) throw new FieldError({ "": { key: "portalFeedback.alreadyRated" } });
  const id = randomUUID();
  // No RETURNING: the portal role reads back only the columns granted to it.
  await trx
    .insertInto("experience_ratings")
    .values({
      account_id: actor.accountId,
      id,
      stakeholder_id: actor.stakeholderId,
      user_id: actor.userId,
      touchpoint_id: input.subject === "touchpoint" ? subject.id : null,
      expectation_id: input.subject === "expectation" ? subject.id : null,
      rating: input.rating,
      word: input.word,
    })
    .execute();
  await writeAudit(trx, {
    actorId: actor.userId,
    accountId: actor.accountId,
    entity: "experience_rating",
    entityId: id,
    action: "customer_rate",
    after: { [column]: subject.id, rating: input.rating, word: input.word },
    ip: actor.ip,
  });
  return { id };
}

/** The account's ratings from `since` on, newest first, with what was rated and who rated it (the staff side). */
export function listExperienceRatings(executor: Executor, accountId: string, since: Date, limit = 2000) {
  return ratingsWithSubject(executor, accountId, since)
    .leftJoin("stakeholders as s", (j) => j.onRef("s.account_id", "=", "r.account_id").onRef("s.id", "=", "r.stakeholder_id"))
    .select(["r.id", "r.rating", "r.word", "r.rated_at", "r.touchpoint_id", "r.expectation_id", "s.name as stakeholder_name"])
    .orderBy("r.id", "desc")
    .limit(limit)
    .execute();
}

export interface DisconfirmationFigures {
  window: DateWindow;
  balance: DisconfirmationBalance;
  byMonth: ({ month: string } & DisconfirmationBalance)[];
  /** The newest ratings, for the page (who, what, how, their word). */
  latest: Awaited<ReturnType<typeof listExperienceRatings>>;
}

/** The balance of the customer's ratings against expectation over `window`, and by month: the page, the API and the CSV read this. */
export async function loadDisconfirmation(executor: Executor, accountId: string, window: DateWindow): Promise<DisconfirmationFigures> {
  // A day's margin for the time zone; the domain counts by the vendor's calendar day.
  const rows = await listExperienceRatings(executor, accountId, new Date(`${addDays(window.from, -1)}T00:00:00Z`));
  const ratings = rows.map((r) => ({ id: r.id, rating: r.rating, ratedAt: r.rated_at }));
  return {
    window,
    balance: disconfirmationBalance(ratings, { window, timeZone: TIME_ZONE }),
    byMonth: disconfirmationByMonth(ratings, periodMonths(window), { timeZone: TIME_ZONE }),
    latest: rows.filter((r) => inWindow(dateOf(r.rated_at, TIME_ZONE), window)).slice(0, 20),
  };
}
