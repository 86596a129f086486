import { oneLine } from "#app/domain/mail-preferences.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { isLocale } from "#app/i18n/index.ts";
import { appLink, queueChosenMail, type MailRecipient } from "./mail-messages.server.ts";

// Mail to customers (portal users), in each one's language, as they chose: a
// re-plan's notice (to every portal user of the account), a re-plan without
// notice of a commitment they hold, and the KAM's answer to an expectation they
// stated — written by the transaction of the change. (Deliveries awaiting
// their confirmation go out once a day, gathered: app/models/mail-schedule.server.ts.)

/**
 * The portal users of the account now (live access, enabled), each once, in
 * one read: those who speak for `stakeholderId` when given, else every one.
 */
export async function portalUsersOf(
  executor: Executor,
  accountId: string,
  stakeholderId?: string,
): Promise<MailRecipient[]> {
  const rows = await executor
    .selectFrom("portal_access as pa")
    .innerJoin("users as u", "u.id", "pa.user_id")
    .select(["u.id", "u.name", "u.email", "u.locale", "u.role"])
    .distinct()
    .where("pa.account_id", "=", accountId)
    .$if(stakeholderId !== undefined, (q) => q.where("pa.stakeholder_id", "=", stakeholderId!))
    .where("pa.revoked_at", "is", null)
    .where("u.disabled_at", "is", null)
    .where("u.role", "=", "customer")
    .orderBy("u.id")
    .execute();
  return rows.map((u) => ({ ...u, locale: isLocale(u.locale) ? u.locale : ("en" as const) }));
}

type ChosenMail = Parameters<typeof queueChosenMail>[1];

/** Queues a mail of `kind` to each portal user who speaks for the holder, one after another in the caller's transaction. */
async function queueToHolder(
  executor: Executor,
  accountId: string,
  holderId: string,
  kind: ChosenMail["kind"],
  content: (user: MailRecipient) => ChosenMail["content"],
) {
  const sent = [];
  for (const user of await portalUsersOf(executor, accountId, holderId)) {
    sent.push(await queueChosenMail(executor, { kind, recipient: user, accountId, content: content(user) }));
  }
  return sent;
}

async function accountName(executor: Executor, accountId: string) {
  const row = await executor.selectFrom("accounts").select("name").where("id", "=", accountId).executeTakeFirst();
  return row?.name ?? "";
}

interface ReplanMail {
  accountId: string;
  title: string;
  from: string;
  to: string;
  reason: string;
}

function replanContent(input: ReplanMail, account: string, user: MailRecipient, toldOn: string | null) {
  return ({ t, date }: Parameters<ChosenMail["content"]>[0]) => ({
    subject: t("mail.customer.replan.subject", { title: oneLine(input.title, 80), date: date(input.to) }),
    greeting: t("mail.greeting", { name: user.name }),
    paragraphs: [
      t("mail.customer.replan.body", { title: input.title, from: date(input.from), to: date(input.to), account }),
      t("mail.customer.replan.reason", { reason: input.reason }),
      toldOn ? t("mail.customer.replan.noticeClaimed", { told: date(toldOn) }) : t("mail.customer.replan.tell"),
    ],
    action: { label: t("mail.customer.openCommitments"), url: appLink("/portal/commitments") },
  });
}

/** A commitment the customer holds moved to a new date, without notice claimed (a re-plan made today, not one brought in from the past). */
export async function queueReplanNotice(executor: Executor, input: ReplanMail & { holderId: string | null }) {
  if (!input.holderId) return [];
  const account = await accountName(executor, input.accountId);
  return queueToHolder(executor, input.accountId, input.holderId, "replan_notice", (user) =>
    replanContent(input, account, user, null),
  );
}

/** Who a re-plan's notice goes to: every portal user of the account now, and the account's name the mail gives. */
export interface NoticeAudience {
  users: MailRecipient[];
  account: string;
}

/** The account's notice audience, in two reads; an import reads it once per account, not per row. */
export async function noticeAudience(executor: Executor, accountId: string): Promise<NoticeAudience> {
  return { users: await portalUsersOf(executor, accountId), account: await accountName(executor, accountId) };
}

/**
 * A re-plan recorded "the customer was told": its notice goes to every portal
 * user of the account now (`audience`, from noticeAudience), whatever day
 * the re-plan states, so the customer can confirm or contest it (notice.ts).
 * One mail per re-plan and user, never written twice (its dedupe key). Returns
 * the instant the notice reached the customer — a mail queued to a live portal
 * user, or that user's own choice to get no such mail (they read it in the
 * portal) — or null when nobody could see it.
 */
export async function queueNoticeToAccount(
  executor: Executor,
  audience: NoticeAudience,
  input: ReplanMail & { replanId: string; toldOn: string },
  now: Date = new Date(),
): Promise<Date | null> {
  let reached = false;
  for (const user of audience.users) {
    const sent = await queueChosenMail(executor, {
      kind: "replan_notice",
      recipient: user,
      accountId: input.accountId,
      content: replanContent(input, audience.account, user, input.toldOn),
      dedupeKey: `replan_notice:${input.replanId}:${user.id}`,
      now,
    });
    if ("id" in sent || sent.skipped === "off" || sent.skipped === "duplicate") reached = true;
  }
  return reached ? now : null;
}

/** The KAM accepted or declined an expectation the customer stated in the portal. */
export async function queueExpectationAnswer(
  executor: Executor,
  input: { accountId: string; title: string; holderId: string | null; accepted: boolean; dueDate: string; reason: string },
) {
  if (!input.holderId) return [];
  return queueToHolder(executor, input.accountId, input.holderId, "expectation_answer", (user) => ({ t, date }) => ({
    subject: t(input.accepted ? "mail.customer.answer.acceptedSubject" : "mail.customer.answer.declinedSubject", {
      title: oneLine(input.title, 80),
    }),
    greeting: t("mail.greeting", { name: user.name }),
    paragraphs: input.accepted
      ? [t("mail.customer.answer.accepted", { title: input.title, date: date(input.dueDate) })]
      : [t("mail.customer.answer.declined", { title: input.title }), ...(input.reason ? [t("mail.customer.answer.reason", { reason: input.reason })] : [])],
    action: { label: t("mail.customer.openCommitments"), url: appLink("/portal/commitments") },
  }));
}
