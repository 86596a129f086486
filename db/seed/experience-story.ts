// What the demo's KAMs and customers did through the app itself, made with the
// app's own model functions after the generated history is loaded (as the
// published reviews in reviews.ts), so every rule holds and the audit trail,
// change history and plans are the ones the app writes:
// - the successor handover at Kestilä Logistics (db/seed/story.ts tells why):
//   the CFO leaves, their successor takes the role and the renewal's pricing
//   proposal, and the first meeting with her is planned as a moment of truth;
// - planned positive surprises: recorded ones at the first portal accounts,
//   each with the person's CSAT after it (so the effect shows), and one still
//   planned for Kestilä's new CFO;
// - the portal users' ratings of deliveries and shared touchpoints against
//   what they expected, agreeing with what happened; at the portal account that
//   fares worst lately, a run of "below" (the signal below_expected).
// The model functions stamp their rows with the time of seeding; the few
// instants a page shows (when a plan was made and recorded, when a rating was
// given) are then dated back to the story's days.
import { sql, type Kysely } from "kysely";
import type { Actor } from "#app/domain/permissions.ts";
import { TIME_ZONE, wallTimeToInstant } from "#app/domain/time.ts";
import { formatters } from "#app/i18n/index.ts";
import { listRateable, rateAgainstExpectation, type RateableItem } from "#app/models/experience-ratings.server.ts";
import { createPlan, markPlanLogged } from "#app/models/planned-touchpoints.server.ts";
import { markStakeholderLeft } from "#app/models/stakeholder-changes.server.ts";
import { handOverToSuccessor } from "#app/models/stakeholder-handover.server.ts";
import { createTouchpoint } from "#app/models/touchpoint-changes.server.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import type { DB } from "#db/schema.ts";
import { DEMO_ACCOUNT_NAME } from "./generate.ts";
import { Rng } from "./random.ts";
import { addDays, DAY, isoDate } from "./rows.ts";
import { SUCCESSOR_NAME } from "./story.ts";
import { RATING_WORDS, SURPRISE_PLANS, SURVEY_TOOL_NAME } from "./words.ts";

interface PortalAccount {
  id: string;
  name: string;
  owner_id: string;
  stakeholder_id: string;
  user_id: string;
}

export interface ExperienceStoryCounts {
  handovers: number;
  plannedSurprises: number;
  ratings: number;
}

/** How many portal accounts (after Kestilä) get a recorded planned surprise. */
const SURPRISED_ACCOUNTS = 4;

export async function seedExperienceStory(db: Kysely<DB>, today: Date, seed: number): Promise<ExperienceStoryCounts> {
  const accounts = await db
    .selectFrom("accounts as a")
    .innerJoin("portal_access as p", "p.account_id", "a.id")
    .select(["a.id", "a.name", "a.owner_id", "p.stakeholder_id", "p.user_id"])
    .orderBy((eb) => eb.case().when("a.name", "=", DEMO_ACCOUNT_NAME).then(0).else(1).end())
    .orderBy("a.name")
    .execute();
  const counts: ExperienceStoryCounts = { handovers: 0, plannedSurprises: 0, ratings: 0 };
  for (const [i, account] of accounts.entries()) {
    const rng = Rng.derive(seed ^ 0x5e1f, i);
    await db.transaction().execute(async (trx) => {
      if (account.name === DEMO_ACCOUNT_NAME) {
        counts.handovers += await handOverAtKestila(trx, account, today);
        counts.plannedSurprises += await planSurpriseForSuccessor(trx, account, today);
      }
      if (i <= SURPRISED_ACCOUNTS) counts.plannedSurprises += await recordPlannedSurprise(trx, rng, account, today, i);
    });
  }
  const worst = await worstLately(db, accounts, today);
  for (const [i, account] of accounts.entries()) {
    const rng = Rng.derive(seed ^ 0x4a7e, i);
    counts.ratings += await db
      .transaction()
      .execute((trx) => rateAsExperienced(trx, rng, account, today, account.id === worst));
  }
  return counts;
}

/** A creation instant, which the app itself never rewrites, set back to the story's day. */
const sqlAt = (d: Date) => sql<never>`${d.toISOString()}::timestamptz`;
const staff = (account: PortalAccount): Actor => ({ id: account.owner_id, role: "kam" });
/** A day `days` from today at `hhmm` Helsinki time. */
const helsinki = (today: Date, days: number, hhmm: string) =>
  wallTimeToInstant(`${isoDate(addDays(today, days))}T${hhmm}`, TIME_ZONE);

/** Kestilä's CFO left two weeks ago; two days later the KAM named the successor (introduced a month ago). */
async function handOverAtKestila(trx: Trx, account: PortalAccount, today: Date): Promise<number> {
  const people = await trx
    .selectFrom("stakeholders")
    .select(["id", "name", "committee_role", "version", "left_on"])
    .where("account_id", "=", account.id)
    .execute();
  const cfo = people.find((p) => p.committee_role === "economic_buyer" && p.left_on === null);
  const successor = people.find((p) => p.name === SUCCESSOR_NAME);
  if (!cfo || !successor) return 0;
  const t = formatters("fi").t;
  const ctx = { actor: staff(account), ip: null, t };
  const left = await markStakeholderLeft(
    trx,
    ctx,
    account.id,
    cfo.id,
    {
      version: cfo.version,
      left_on: isoDate(addDays(today, -14)),
      note: `Siirtyi konsernin talousjohtajaksi. Seuraaja: ${SUCCESSOR_NAME}.`,
    },
    helsinki(today, -14, "15:10"),
  );
  await handOverToSuccessor(
    trx,
    ctx,
    account.id,
    cfo.id,
    {
      version: left.stakeholder.version,
      successor_id: successor.id,
      take_role: true,
      first_meeting_at: helsinki(today, 4, "10:00"),
    },
    helsinki(today, -12, "09:20"),
  );
  await redatePlans(trx, account.id, helsinki(today, -12, "09:20"));
  return 1;
}

/** A welcome for the new CFO, planned as a small surprise beside the first meeting: still to come. */
async function planSurpriseForSuccessor(trx: Trx, account: PortalAccount, today: Date): Promise<number> {
  const successor = await trx
    .selectFrom("stakeholders")
    .select("id")
    .where("account_id", "=", account.id)
    .where("name", "=", SUCCESSOR_NAME)
    .executeTakeFirst();
  if (!successor) return 0;
  const words = SURPRISE_PLANS[3]!;
  const made = helsinki(today, -11, "13:00");
  await createPlan(trx, { actor: staff(account), now: made }, account.id, {
    kind: "meeting",
    planned_for: helsinki(today, 9, "09:00"),
    title: words.title,
    notes: words.notes,
    stakeholder_ids: [successor.id],
    positive_surprise: true,
  });
  await redatePlans(trx, account.id, made);
  return 1;
}

/**
 * A small surprise planned two weeks ahead for an influential person (at
 * Kestilä the champion, ten weeks ago), recorded through the log form's path
 * (createTouchpoint, then markPlanLogged marks it a positive surprise), and
 * the person's CSAT about it the next day.
 */
async function recordPlannedSurprise(
  trx: Trx,
  rng: Rng,
  account: PortalAccount,
  today: Date,
  i: number,
): Promise<number> {
  const kestila = account.name === DEMO_ACCOUNT_NAME;
  const people = await trx
    .selectFrom("stakeholders")
    .select(["id", "committee_role", "influence"])
    .where("account_id", "=", account.id)
    .where("left_on", "is", null)
    .orderBy("influence", "desc")
    .orderBy("external_id")
    .execute();
  const person = kestila
    ? people.find((p) => p.id === account.stakeholder_id)
    : people[rng.int(0, Math.min(2, people.length - 1))];
  if (!person) return 0;
  const words = SURPRISE_PLANS[kestila ? 0 : i % 3]!;
  const days = kestila ? -70 : -rng.int(25, 110);
  const plannedFor = helsinki(today, days, "10:00");
  const actor = staff(account);
  const plan = await createPlan(trx, { actor, now: addDays(plannedFor, -14) }, account.id, {
    kind: "meeting",
    planned_for: plannedFor,
    title: words.title,
    notes: words.notes,
    stakeholder_ids: [person.id],
    positive_surprise: true,
  });
  const touchpoint = await createTouchpoint(trx, { actor, ip: null }, account.id, {
    kind: "meeting",
    occurred_at: plannedFor,
    title: words.title,
    summary: kestila
      ? "Esittelimme reittioptimoinnin tulokset yllätyksenä; asiakas arvioi säästöksi noin 8 % ajokilometreistä ja pyysi raportin koko ohjausryhmälle."
      : "Yllätys otettiin hyvin vastaan; asiakas kiitti, että olimme ajatelleet heidän arkeaan.",
    internal_notes: "",
    stakeholder_ids: [person.id],
    user_ids: [],
    sentiment: 2,
    treatment: 5,
    emotion_tags: ["delighted"],
    moment_of_truth: false,
    positive_surprise: false,
    shared_with_customer: true,
  });
  await markPlanLogged(trx, { actor }, account.id, plan.id, touchpoint.id as string);
  await datePlanAndTouchpoint(trx, account.id, plan.id, touchpoint.id as string, plannedFor);
  // The person's own answer about it, the next day: in the portal if they use it, else the survey tool.
  const viaPortal = person.id === account.stakeholder_id;
  await trx
    .insertInto("survey_responses")
    .values({
      account_id: account.id,
      stakeholder_id: person.id,
      kind: "csat",
      score: kestila ? 5 : rng.int(4, 5),
      comment: kestila ? "Todella positiivinen yllätys!" : "",
      touchpoint_id: touchpoint.id as string,
      answered_at: addDays(plannedFor, 1),
      source: viaPortal ? "portal" : "survey_tool",
      source_name: viaPortal ? "" : SURVEY_TOOL_NAME,
    })
    .execute();
  return 1;
}

/** The plan was made two weeks ahead and recorded three hours after the meeting; the touchpoint recorded then too. */
async function datePlanAndTouchpoint(
  trx: Trx,
  accountId: string,
  planId: string,
  touchpointId: string,
  plannedFor: Date,
) {
  const recordedAt = new Date(plannedFor.getTime() + 3 * 3_600_000);
  await trx
    .updateTable("planned_touchpoints")
    .set({ created_at: sqlAt(addDays(plannedFor, -14)), updated_at: recordedAt, logged_at: recordedAt })
    .where("account_id", "=", accountId)
    .where("id", "=", planId)
    .execute();
  await trx
    .updateTable("touchpoints")
    .set({ recorded_at: recordedAt, created_at: sqlAt(recordedAt), updated_at: recordedAt })
    .where("account_id", "=", accountId)
    .where("id", "=", touchpointId)
    .execute();
}

/** Plans made just now on the account are dated to when the KAM made them. */
async function redatePlans(trx: Trx, accountId: string, at: Date) {
  await trx
    .updateTable("planned_touchpoints")
    .set({ created_at: sqlAt(at), updated_at: at })
    .where("account_id", "=", accountId)
    .where("state", "=", "planned")
    .where("created_at", ">", sql<Date>`now() - interval '1 hour'`)
    .execute();
}

type Judged = RateableItem & { rating: "below" | "as" | "above" | null };

/** How each rateable thing compares with what was expected, read from what happened (null: no clear reading). */
async function judge(executor: Executor, rng: Rng, accountId: string, items: RateableItem[]): Promise<Judged[]> {
  const ids = items.map((i) => i.id);
  if (!ids.length) return [];
  const [expectations, touchpoints] = await Promise.all([
    executor
      .selectFrom("expectations")
      .select(["id", "outcome"])
      .where("account_id", "=", accountId)
      .where("id", "in", ids)
      .execute(),
    executor
      .selectFrom("touchpoints")
      .select(["id", "sentiment"])
      .where("account_id", "=", accountId)
      .where("id", "in", ids)
      .execute(),
  ]);
  const outcome = new Map(expectations.map((e) => [e.id, e.outcome]));
  const sentiment = new Map(touchpoints.map((t) => [t.id, t.sentiment]));
  return items.map((item) => {
    if (item.subject === "expectation") {
      const o = outcome.get(item.id);
      const rating =
        o === "exceeded"
          ? "above"
          : o === "kept"
            ? rng.chance(0.2)
              ? "above"
              : "as"
            : o === "late" || o === "partial"
              ? "below"
              : null;
      return { ...item, rating };
    }
    const s = sentiment.get(item.id);
    const rating =
      s == null ? null : s < 0 ? "below" : s === 0 ? "as" : rng.chance(s === 2 ? 0.6 : 0.3) ? "above" : "as";
    return { ...item, rating };
  });
}

/**
 * The portal user rates about half of what they can rate, as it went; at the
 * account that fares worst lately they rate what disappointed them, the newest
 * last, and leave the rest (a run of "below").
 */
async function rateAsExperienced(
  trx: Trx,
  rng: Rng,
  account: PortalAccount,
  today: Date,
  worst: boolean,
): Promise<number> {
  const items = await judge(trx, rng, account.id, await listRateable(trx, account.id, account.stakeholder_id, today));
  const recent = addDays(today, -45);
  const chosen = items.filter((item) => {
    if (item.rating === null) return false;
    if (worst && new Date(item.on) >= recent) return item.rating === "below";
    return rng.chance(0.5);
  });
  const actor = { userId: account.user_id, accountId: account.id, stakeholderId: account.stakeholder_id, ip: null };
  for (const item of chosen) {
    const word = rng.pick(RATING_WORDS[item.rating!]);
    const { id } = await rateAgainstExpectation(trx, actor, {
      subject: item.subject,
      subject_id: item.id,
      rating: item.rating!,
      word,
    });
    const on = typeof item.on === "string" ? new Date(`${item.on}T12:00:00Z`) : new Date(item.on);
    const ratedAt = new Date(
      Math.min(on.getTime() + rng.int(1, 5) * DAY + rng.int(0, 8) * 3_600_000, today.getTime() - 3_600_000),
    );
    await trx
      .updateTable("experience_ratings")
      .set({ rated_at: sqlAt(ratedAt) })
      .where("account_id", "=", account.id)
      .where("id", "=", id)
      .execute();
  }
  return chosen.length;
}

/** The portal account with the most disappointments in the last 45 days (deliveries late or partial, unhappy shared touchpoints); at least three. */
async function worstLately(db: Kysely<DB>, accounts: PortalAccount[], today: Date): Promise<string | null> {
  let worst: { id: string; bad: number } | null = null;
  for (const account of accounts) {
    const items = await judge(
      db,
      new Rng(1),
      account.id,
      await listRateable(db, account.id, account.stakeholder_id, today),
    );
    const bad = items.filter((i) => i.rating === "below" && new Date(i.on) >= addDays(today, -45)).length;
    if (bad >= 3 && (!worst || bad > worst.bad)) worst = { id: account.id, bad };
  }
  return worst?.id ?? null;
}
