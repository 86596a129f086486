import { sql } from "kysely";
import { ANSWERABLE_OUTCOMES } from "#app/domain/commitments.ts";
import { addDays } from "#app/domain/dates.ts";
import { dedupeKey, duePeriod, jobDue, MAIL_JOBS, type MailJob } from "#app/domain/mail-schedule.ts";
import type { MailContent } from "#app/domain/outbox.ts";
import { INTERNAL_ROLES } from "#app/domain/vocabulary.ts";
import type { Formatters } from "#app/i18n/index.ts";
import { db, type Executor, type Trx } from "#app/utils/db.server.ts";
import { gatherInbox } from "./inbox.server.ts";
import { mailChoice } from "./mail-preferences.server.ts";
import { appLink, mailRecipient, queueChosenMail, type MailRecipient } from "./mail-messages.server.ts";
import { kamComparison } from "./portfolio.server.ts";

// The scheduled mails, run by the mail worker's poll loop (outbox-worker.server.ts):
// - deliveries_awaiting, daily: ONE mail per portal user listing the deliveries
//   of their account that await their confirmation and were in no earlier mail
//   to them (delivery_reminders), so the same deliveries are never mailed twice;
// - kam_digest, daily: each member of staff's inbox (app/models/inbox.server.ts);
//   nothing when it is empty;
// - director_digest, weekly (Monday): the portfolio's past week for each director.
// A job runs when its due period (app/domain/mail-schedule.ts) is later than the
// last it finished (mail_job_runs). Each recipient is one short transaction; each
// mail carries a unique dedupe key (job, person, period), so a run cut short and
// run again, or two processes, never send a period twice. The clock is a parameter.

const MAX_LISTED = 15;

/** Runs every job that is due at `now`; returns, per job run, how many mails were written. */
export async function runMailSchedule(now: Date = new Date(), jobs: readonly MailJob[] = MAIL_JOBS) {
  const done: Partial<Record<MailJob, number>> = {};
  for (const job of jobs) {
    const last = await db().selectFrom("mail_job_runs").select("period").where("job", "=", job).executeTakeFirst();
    if (!jobDue(job, last?.period, now)) continue;
    const period = duePeriod(job, now);
    done[job] = await JOBS[job](period, now);
    await db()
      .insertInto("mail_job_runs")
      .values({ job, period, finished_at: now })
      .onConflict((oc) => oc.column("job").doUpdateSet({ period, finished_at: now }))
      .execute();
  }
  return done;
}

const JOBS: Record<MailJob, (period: string, now: Date) => Promise<number>> = {
  deliveries_awaiting: deliveriesAwaitingJob,
  kam_digest: kamDigestJob,
  director_digest: directorDigestJob,
};

const inOwnTransaction = <T>(fn: (trx: Trx) => Promise<T>) => db().transaction().execute(fn);
const written = (r: { id: string } | { skipped: string }) => ("id" in r ? 1 : 0);

// ---------------------------------------------------------------- deliveries awaiting confirmation

async function deliveriesAwaitingJob(period: string, now: Date): Promise<number> {
  const access = await db()
    .selectFrom("portal_access as pa")
    .innerJoin("users as u", "u.id", "pa.user_id")
    .select(["pa.account_id", "pa.user_id"])
    .where("pa.revoked_at", "is", null)
    .where("u.disabled_at", "is", null)
    .where("u.role", "=", "customer")
    .orderBy("pa.account_id")
    .orderBy("pa.user_id")
    .execute();
  let count = 0;
  for (const { account_id, user_id } of access) {
    count += await inOwnTransaction((trx) => queueDeliveriesAwaiting(trx, account_id, user_id, period, now));
  }
  return count;
}

/** One portal user's gathered mail of the deliveries awaiting them that no earlier mail listed. */
export async function queueDeliveriesAwaiting(trx: Executor, accountId: string, userId: string, period: string, now: Date): Promise<number> {
  const recipient = await mailRecipient(trx, userId);
  if (!recipient || (await mailChoice(trx, userId, "deliveries_awaiting")) === "off") return 0;
  const yearAgo = addDays(period, -365);
  const awaiting = await trx
    .selectFrom("expectations as e")
    .select(["e.id", "e.title", "e.delivered_on", "e.due_date"])
    .where("e.account_id", "=", accountId)
    .where("e.status", "=", "resolved")
    .where("e.outcome", "in", ANSWERABLE_OUTCOMES)
    .where("e.customer_response", "is", null)
    .where((eb) => eb.or([eb("e.due_date", ">=", yearAgo), eb("e.delivered_on", ">=", yearAgo)]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("delivery_reminders as r")
            .select(sql`1`.as("one"))
            .whereRef("r.account_id", "=", "e.account_id")
            .whereRef("r.expectation_id", "=", "e.id")
            .where("r.user_id", "=", userId),
        ),
      ),
    )
    .orderBy("e.delivered_on", "desc")
    .orderBy("e.id")
    .limit(500)
    .execute();
  if (!awaiting.length) return 0;
  const account = await trx.selectFrom("accounts").select("name").where("id", "=", accountId).executeTakeFirstOrThrow();
  const result = await queueChosenMail(trx, {
    kind: "deliveries_awaiting",
    recipient,
    accountId,
    scheduled: true,
    dedupeKey: dedupeKey("deliveries_awaiting", `${userId}:${accountId}`, period),
    now,
    content: ({ t, date }) => ({
      subject: t("mail.customer.awaiting.subject", { count: awaiting.length }),
      greeting: t("mail.greeting", { name: recipient.name }),
      paragraphs: [
        t("mail.customer.awaiting.body", { count: awaiting.length, account: account.name }),
        awaiting
          .slice(0, MAX_LISTED)
          .map((e) => `• ${t("mail.customer.awaiting.item", { title: e.title, date: date(e.delivered_on ?? e.due_date) })}`)
          .join("\n"),
        ...(awaiting.length > MAX_LISTED ? [t("mail.customer.awaiting.more", { count: awaiting.length - MAX_LISTED })] : []),
      ],
      action: { label: t("mail.customer.awaiting.action"), url: appLink("/portal/commitments") },
    }),
  });
  if (!("id" in result)) return 0;
  await trx
    .insertInto("delivery_reminders")
    .values(awaiting.map((e) => ({ account_id: accountId, expectation_id: e.id, user_id: userId, mailed_at: now })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  return 1;
}

// ---------------------------------------------------------------- staff: the daily inbox digest

async function staffUsers(roles: readonly ("kam" | "director" | "admin")[]) {
  return db()
    .selectFrom("users")
    .select(["id", "role"])
    .where("role", "in", roles)
    .where("disabled_at", "is", null)
    .orderBy("id")
    .execute();
}

async function kamDigestJob(period: string, now: Date): Promise<number> {
  let count = 0;
  for (const user of await staffUsers(INTERNAL_ROLES)) {
    count += await inOwnTransaction((trx) => queueKamDigest(trx, user.id, period, now));
  }
  return count;
}

/** One person's daily digest of their inbox; nothing when the inbox is empty or the digest is off. */
export async function queueKamDigest(trx: Executor, userId: string, period: string, now: Date): Promise<number> {
  const recipient = await mailRecipient(trx, userId);
  if (!recipient || recipient.role === "customer" || (await mailChoice(trx, userId, "kam_digest")) === "off") return 0;
  const items = await gatherInbox(trx, { id: recipient.id, role: recipient.role }, { now });
  if (!items.length) return 0;
  return written(
    await queueChosenMail(trx, {
      kind: "kam_digest",
      recipient,
      scheduled: true,
      dedupeKey: dedupeKey("kam_digest", userId, period),
      now,
      content: ({ t, date }) => ({
        subject: t("mail.digest.kam.subject", { count: items.length, date: date(period) }),
        greeting: t("mail.greeting", { name: recipient.name }),
        paragraphs: [
          t("mail.digest.kam.intro", { count: items.length }),
          items
            .slice(0, MAX_LISTED)
            .map((i) => `• ${i.accountName ? `${i.accountName}: ` : ""}${t(`inbox.kind.${i.kind}`)}${i.title ? ` — ${i.title}` : ""}${i.dueOn ? ` (${date(i.dueOn)})` : ""}`)
            .join("\n"),
          ...(items.length > MAX_LISTED ? [t("mail.customer.awaiting.more", { count: items.length - MAX_LISTED })] : []),
        ],
        action: { label: t("mail.digest.kam.action"), url: appLink("/my-work") },
      }),
    }),
  );
}

// ---------------------------------------------------------------- directors: the weekly portfolio digest

async function directorDigestJob(period: string, now: Date): Promise<number> {
  let count = 0;
  for (const user of await staffUsers(["director"])) {
    count += await inOwnTransaction((trx) => queueDirectorDigest(trx, user.id, period, now));
  }
  return count;
}

/** What moved in the portfolio in the week before `monday`: read from stored scores, snapshots, signals and verdicts. */
export async function portfolioWeek(executor: Executor, monday: string) {
  const from = addDays(monday, -7);
  const fromInstant = new Date(`${from}T00:00:00Z`);
  const toInstant = new Date(`${monday}T00:00:00Z`);
  // Health band at the start of the week (the last snapshot before it) against the band now.
  const moves = await executor
    .selectFrom("account_scores as s")
    .innerJoin("accounts as a", "a.id", "s.account_id")
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom("health_snapshots as h")
          .select(["h.band", "h.health"])
          .whereRef("h.account_id", "=", "s.account_id")
          .where("h.day", "<=", from)
          .orderBy("h.day", "desc")
          .limit(1)
          .as("before"),
      (join) => join.onTrue(),
    )
    .select(["a.id", "a.name", "s.band", "s.health", "before.band as before_band", "before.health as before_health"])
    .where("a.archived_at", "is", null)
    .where(sql<boolean>`s.band is distinct from before.band`)
    .orderBy("a.name")
    .limit(200)
    .execute();
  const signals = await executor
    .selectFrom("risk_signals as r")
    .innerJoin("accounts as a", "a.id", "r.account_id")
    .select(["a.id as account_id", "a.name", "r.rule"])
    .where("r.severity", "=", "high")
    .where("r.first_seen_at", ">=", fromInstant)
    .where("r.first_seen_at", "<", toInstant)
    .where("a.archived_at", "is", null)
    .orderBy("r.first_seen_at", "desc")
    .limit(200)
    .execute();
  const surprises = await executor
    .selectFrom("expectation_verdicts as v")
    .innerJoin("accounts as a", "a.id", "v.account_id")
    .innerJoin("expectations as e", (j) => j.onRef("e.account_id", "=", "v.account_id").onRef("e.id", "=", "v.expectation_id"))
    .select(["a.id as account_id", "a.name", "e.title", "v.reason", "v.promised_date"])
    .where("v.verdict", "=", "surprise")
    .where("v.promised_date", ">=", from)
    .where("v.promised_date", "<", monday)
    .where("a.archived_at", "is", null)
    .orderBy("v.promised_date", "desc")
    .limit(200)
    .execute();
  const kams = await kamComparison(executor, { today: monday });
  return { from, to: addDays(monday, -1), moves, signals, surprises, kams };
}

const RANK: Record<string, number> = { at_risk: 0, watch: 1, not_enough_data: 2, healthy: 3 };

function directorContent(f: Formatters, recipient: MailRecipient, week: Awaited<ReturnType<typeof portfolioWeek>>): MailContent {
  const { t, date, percent } = f;
  const band = (b: string | null) => (b ? t(`health.band.${b as "healthy"}`) : t("mail.digest.director.unscored"));
  const list = (lines: string[]) => (lines.length ? lines.slice(0, MAX_LISTED).join("\n") + (lines.length > MAX_LISTED ? `\n${t("mail.customer.awaiting.more", { count: lines.length - MAX_LISTED })}` : "") : t("mail.digest.director.none"));
  const worse = week.moves.filter((m) => (RANK[m.band ?? ""] ?? 2) < (RANK[m.before_band ?? ""] ?? 2));
  const better = week.moves.filter((m) => !worse.includes(m));
  return {
    subject: t("mail.digest.director.subject", { from: date(week.from), to: date(week.to) }),
    greeting: t("mail.greeting", { name: recipient.name }),
    paragraphs: [
      t("mail.digest.director.intro", { from: date(week.from), to: date(week.to) }),
      `${t("mail.digest.director.moves", { count: week.moves.length })}\n${list([...worse, ...better].map((m) => `• ${m.name}: ${band(m.before_band)} → ${band(m.band)}`))}`,
      `${t("mail.digest.director.signals", { count: week.signals.length })}\n${list(week.signals.map((s) => `• ${s.name}: ${t(`signal.rule.${s.rule as "key_person_left"}`)}`))}`,
      `${t("mail.digest.director.surprises", { count: week.surprises.length })}\n${list(week.surprises.map((s) => `• ${s.name}: ${s.title} (${date(s.promised_date)})`))}`,
      `${t("mail.digest.director.kams")}\n${list(
        // As the portfolio page's comparison shows them: the share with its sample, marked when the sample is small.
        week.kams.map(({ kam_name: name, predictability: { value, sample, fewData } }) =>
          // No value only when nothing came due (no importance weight): there is no sample to give.
          value === null
            ? `• ${name}: ${t("mail.digest.director.notEnoughData")}`
            : `• ${name}: ${percent(value)} (${t(fewData ? "mail.digest.director.sampleFew" : "mail.digest.director.sample", { count: sample })})`,
        ),
      )}`,
    ],
    action: { label: t("mail.digest.director.action"), url: appLink("/portfolio") },
  };
}

/** One director's weekly digest (sent every week while on: a quiet week says so). */
export async function queueDirectorDigest(trx: Executor, userId: string, monday: string, now: Date): Promise<number> {
  const recipient = await mailRecipient(trx, userId);
  if (!recipient || recipient.role !== "director" || (await mailChoice(trx, userId, "director_digest")) === "off") return 0;
  const week = await portfolioWeek(trx, monday);
  return written(
    await queueChosenMail(trx, {
      kind: "director_digest",
      recipient,
      scheduled: true,
      dedupeKey: dedupeKey("director_digest", userId, monday),
      now,
      content: (f) => directorContent(f, recipient, week),
    }),
  );
}
