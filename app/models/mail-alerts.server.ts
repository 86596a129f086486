import { oneLine } from "#app/domain/mail-preferences.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { appLink, mailRecipient, queueChosenMail } from "./mail-messages.server.ts";

// Alerts to an account's KAM, written by the transaction of their cause: a
// customer disputing a delivery, a detractor's survey answer (NPS 0–6, CSAT
// 1–2), a decision maker or champion leaving the committee. In the KAM's
// language, as they chose (immediate; digest: the daily digest gathers it from
// their inbox; off: nothing). User text reaches a subject only as one line.

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
  input: { accountId: string; kind: "nps" | "csat"; score: number; comment: string; customerName: string; about?: string | null },
) {
  const found = await accountAndKam(executor, input.accountId);
  if (!found) return null;
  const { account, kam } = found;
  return queueChosenMail(executor, {
    kind: "detractor_alert",
    recipient: kam,
    accountId: account.id,
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

/** A decision maker or champion left the committee (recorded by someone other than the KAM: the KAM knows already). */
export async function queueKeyPersonLeftAlert(
  executor: Executor,
  input: { accountId: string; stakeholderId: string; name: string; role: "decision_maker" | "champion"; leftOn: string; note: string; actorId: string },
) {
  const found = await accountAndKam(executor, input.accountId);
  if (!found || found.kam.id === input.actorId) return null;
  const { account, kam } = found;
  return queueChosenMail(executor, {
    kind: "key_person_left",
    recipient: kam,
    accountId: account.id,
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
