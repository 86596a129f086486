import { detractorAlertDue, keyPersonLeftAlertDue, keyPersonRole, type AlertChannel, type SurveyAnswerState } from "#app/domain/kam-alerts.ts";
import { oneLine } from "#app/domain/mail-preferences.ts";
import { calendarDate } from "#app/domain/time.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { appLink, mailRecipient, queueChosenMail } from "./mail-messages.server.ts";
import { stakeholderName } from "./people.server.ts";

// Alerts to an account's KAM, written by the transaction of their cause: a
// customer disputing a delivery, a detractor's survey answer (NPS 0–6, CSAT
// 1–2), a decision maker or champion leaving the committee. In the KAM's
// language, as they chose (immediate; digest: the daily digest gathers it from
// their inbox; off: nothing). User text reaches a subject only as one line.
//
// Every write path — the portal, the forms, the JSON API, the CSV import —
// hands what it wrote to alertOnSurveyAnswers / alertOnKeyPeopleLeaving in its
// own transaction, and the one rule of app/domain/kam-alerts.ts decides.

async function accountAndKam(executor: Executor, accountId: string) {
  const account = await executor.selectFrom("accounts").select(["id", "name", "owner_id"]).where("id", "=", accountId).executeTakeFirst();
  if (!account) return null;
  const kam = await mailRecipient(executor, account.owner_id);
  return kam ? { account, kam } : null;
}

const RESPONSE_KEYS = {
  disputed_partly: "mail.alert.dispute.partly",
  disputed_not_delivered: "mail.alert.dispute.notDelivered",
} as const;

/** A customer disputed a delivery. */
export async function queueDisputeAlert(
  executor: Executor,
  input: { accountId: string; expectationId: string; title: string; response: keyof typeof RESPONSE_KEYS; comment: string; customerName: string },
) {
  const found = await accountAndKam(executor, input.accountId);
  if (!found) return null;
  const { account, kam } = found;
  return queueChosenMail(executor, {
    kind: "dispute_alert",
    recipient: kam,
    accountId: account.id,
    content: ({ t }) => ({
      subject: t("mail.alert.dispute.subject", { account: oneLine(account.name), title: oneLine(input.title, 80) }),
      greeting: t("mail.greeting", { name: kam.name }),
      paragraphs: [
        t(RESPONSE_KEYS[input.response], { customer: input.customerName, account: account.name, title: input.title }),
        ...(input.comment ? [t("mail.alert.theirWords", { text: input.comment })] : []),
        t("mail.alert.dispute.why"),
      ],
      action: { label: t("mail.alert.dispute.action"), url: appLink(`/accounts/${account.id}/expectations/${input.expectationId}`) },
    }),
  });
}

/** A detractor's answer: NPS 0–6 or CSAT 1–2 (app/domain/inbox.ts isDetractor). */
export async function queueDetractorAlert(
  executor: Executor,
  input: { accountId: string; kind: "nps" | "csat"; score: number; comment: string; customerName: string; about?: string | null; answerId: string },
) {
  const found = await accountAndKam(executor, input.accountId);
  if (!found) return null;
  const { account, kam } = found;
  return queueChosenMail(executor, {
    kind: "detractor_alert",
    recipient: kam,
    accountId: account.id,
    dedupeKey: `detractor_alert:${input.answerId}`,
    content: ({ t }) => ({
      subject: t(input.kind === "nps" ? "mail.alert.detractor.npsSubject" : "mail.alert.detractor.csatSubject", {
        account: oneLine(account.name),
        score: input.score,
      }),
      greeting: t("mail.greeting", { name: kam.name }),
      paragraphs: [
        input.kind === "nps"
          ? t("mail.alert.detractor.nps", { customer: input.customerName, account: account.name, score: input.score })
          : t("mail.alert.detractor.csat", { customer: input.customerName, account: account.name, score: input.score, about: input.about ?? "" }),
        input.comment ? t("mail.alert.theirWords", { text: input.comment }) : t("mail.alert.noComment"),
        t("mail.alert.detractor.why"),
      ],
      action: { label: t("mail.alert.openAccount"), url: appLink(`/accounts/${account.id}`) },
    }),
  });
}

/** A decision maker or champion left the committee. */
async function queueKeyPersonLeftAlert(
  found: NonNullable<Awaited<ReturnType<typeof accountAndKam>>>,
  executor: Executor,
  input: { stakeholderId: string; name: string; role: "decision_maker" | "champion"; leftOn: string; note: string },
) {
  const { account, kam } = found;
  return queueChosenMail(executor, {
    kind: "key_person_left",
    recipient: kam,
    accountId: account.id,
    dedupeKey: `key_person_left:${input.stakeholderId}:${input.leftOn}`,
    content: ({ t, date }) => ({
      subject: t("mail.alert.keyPerson.subject", { account: oneLine(account.name), name: oneLine(input.name, 80), role: t(`committeeRole.${input.role}`) }),
      greeting: t("mail.greeting", { name: kam.name }),
      paragraphs: [
        t("mail.alert.keyPerson.body", { name: input.name, role: t(`committeeRole.${input.role}`), account: account.name, date: date(input.leftOn) }),
        ...(input.note ? [t("mail.alert.keyPerson.note", { text: input.note })] : []),
        t("mail.alert.keyPerson.why"),
      ],
      action: { label: t("mail.alert.keyPerson.action"), url: appLink(`/accounts/${account.id}/committee`) },
    }),
  });
}

/** A customer says they were not told of a re-plan the KAM recorded as notified (app/domain/notice.ts). */
export async function queueNoticeContestedAlert(
  executor: Executor,
  input: { accountId: string; expectationId: string; replanId: string; title: string; toDueDate: string | null; toldOn: Date | string; note: string; stakeholderId: string },
) {
  const found = await accountAndKam(executor, input.accountId);
  if (!found) return null;
  const { account, kam } = found;
  const customer = await stakeholderName(executor, input.accountId, input.stakeholderId);
  return queueChosenMail(executor, {
    kind: "notice_contested",
    recipient: kam,
    accountId: account.id,
    dedupeKey: `notice_contested:${input.replanId}`,
    content: ({ t, date }) => ({
      subject: t("mail.alert.noticeContested.subject", { account: oneLine(account.name), title: oneLine(input.title, 80) }),
      greeting: t("mail.greeting", { name: kam.name }),
      paragraphs: [
        t("mail.alert.noticeContested.body", {
          customer,
          account: account.name,
          title: input.title,
          to: date(input.toDueDate),
          told: date(input.toldOn),
        }),
        input.note ? t("mail.alert.theirWords", { text: input.note }) : t("mail.alert.noComment"),
        t("mail.alert.noticeContested.why"),
      ],
      action: { label: t("mail.alert.noticeContested.action"), url: appLink(`/accounts/${account.id}/expectations/${input.expectationId}`) },
    }),
  });
}

/** A survey answer as a write path wrote it, with what was stored before (null: inserted). */
export interface SurveyAnswerWritten {
  accountId: string;
  answerId: string;
  stakeholderId: string;
  kind: "nps" | "csat";
  score: number;
  comment: string;
  answeredAt: Date | string;
  /** The touchpoint a CSAT answer rates, by its title. */
  about?: string | null;
  before: SurveyAnswerState | null;
}

/** Alerts each account's KAM of the answers that are fresh detractors' (app/domain/kam-alerts.ts), in the caller's transaction. */
export async function alertOnSurveyAnswers(executor: Executor, answers: readonly SurveyAnswerWritten[], now: Date = new Date()) {
  const today = calendarDate(now);
  let queued = 0;
  for (const a of answers) {
    const due = detractorAlertDue({
      before: a.before,
      after: { kind: a.kind, score: a.score, answeredOn: calendarDate(new Date(a.answeredAt)) },
      today,
    });
    if (!due) continue;
    const result = await queueDetractorAlert(executor, {
      accountId: a.accountId,
      answerId: a.answerId,
      kind: a.kind,
      score: a.score,
      comment: a.comment,
      customerName: await stakeholderName(executor, a.accountId, a.stakeholderId),
      about: a.about ?? null,
    });
    if (result && "id" in result) queued += 1;
  }
  return queued;
}

/** A stakeholder as a write path wrote them, with when they had left before (null: inserted). */
export interface StakeholderWritten {
  accountId: string;
  stakeholderId: string;
  name: string;
  role: string | null;
  leftOn: string | null;
  note?: string;
  before: { leftOn: string | null } | null;
}

/**
 * Alerts each account's KAM of the decision makers and champions who have
 * freshly left (app/domain/kam-alerts.ts), in the caller's transaction.
 */
export async function alertOnKeyPeopleLeaving(
  executor: Executor,
  people: readonly StakeholderWritten[],
  by: { channel: AlertChannel; actorId: string },
  now: Date = new Date(),
) {
  const today = calendarDate(now);
  let queued = 0;
  for (const p of people) {
    const role = keyPersonRole(p.role);
    // The cheap part of the rule first: most rows written are nobody leaving.
    if (!role || !p.leftOn || p.before?.leftOn) continue;
    const found = await accountAndKam(executor, p.accountId);
    if (!found) continue;
    const due = keyPersonLeftAlertDue({
      before: p.before,
      after: { leftOn: p.leftOn, role },
      channel: by.channel,
      byKam: found.kam.id === by.actorId,
      today,
    });
    if (!due) continue;
    const result = await queueKeyPersonLeftAlert(found, executor, {
      stakeholderId: p.stakeholderId,
      name: p.name,
      role,
      leftOn: p.leftOn,
      note: p.note ?? "",
    });
    if ("id" in result) queued += 1;
  }
  return queued;
}
