import { oneLine } from "#app/domain/mail-preferences.ts";
import type { MailChoice, MailContent, OptionalMailKind } from "#app/domain/outbox.ts";
import { formatters, isLocale, type Formatters, type Locale } from "#app/i18n/index.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { appUrl } from "#app/utils/env.server.ts";
import { mailChoice, unsubscribeToken } from "./mail-preferences.server.ts";
import { enqueueMail, withdrawWaiting } from "./outbox.server.ts";

// What each kind of mail says, written into the outbox in the recipient's
// language by the transaction that causes it. Links start with APP_URL.

/** A link into the app, from the configured public address. */
export function appLink(path: string): string {
  return `${appUrl()}${path.startsWith("/") ? path : `/${path}`}`;
}

async function person(executor: Executor, userId: string) {
  const user = await executor.selectFrom("users").select(["id", "name", "email", "locale"]).where("id", "=", userId).executeTakeFirst();
  return user ? { ...user, locale: isLocale(user.locale) ? user.locale : ("en" as Locale) } : null;
}

const footer = (locale: Locale) => [formatters(locale).t("mail.footer.auto")];

/**
 * The portal invitation, to the stakeholder's address. In the language of the
 * customer user with that address when there is one, else the inviter's.
 */
export async function queueInvitationMail(
  executor: Executor,
  input: { accountId: string; invitationId: string; email: string; name: string; token: string; expiresAt: Date; senderId: string },
) {
  const sender = await person(executor, input.senderId);
  const account = await executor.selectFrom("accounts").select("name").where("id", "=", input.accountId).executeTakeFirstOrThrow();
  const existing = await executor
    .selectFrom("users")
    .select("locale")
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", input.email.toLowerCase()))
    .executeTakeFirst();
  const locale: Locale = isLocale(existing?.locale) ? existing.locale : (sender?.locale ?? "en");
  const { t, dateTime } = formatters(locale);
  const senderName = sender?.name ?? "Kohtaamo";
  const content: MailContent = {
    subject: t("mail.invitation.subject", { account: account.name }),
    greeting: t("mail.greeting", { name: input.name }),
    paragraphs: [t("mail.invitation.body", { sender: senderName, account: account.name })],
    action: { label: t("mail.invitation.action"), url: appLink(`/portal/invite/${input.token}`) },
    after: [t("mail.invitation.expires", { date: dateTime(input.expiresAt), sender: senderName }), t("mail.invitation.ignore")],
    signature: t("mail.signature", { sender: senderName }),
    footer: footer(locale),
  };
  return enqueueMail(executor, {
    kind: "portal_invitation",
    to: input.email,
    toName: input.name,
    locale,
    content,
    accountId: input.accountId,
    secret: true,
    supersedeKey: invitationMailKey(input.accountId, input.email),
  });
}

/** A welcome or reset link to a member of staff, in their language. */
export async function queuePasswordLinkMail(
  executor: Executor,
  input: { userId: string; purpose: "welcome" | "reset"; token: string; expiresAt: Date; senderId: string },
) {
  const user = await person(executor, input.userId);
  if (!user) return null;
  const sender = await person(executor, input.senderId);
  const { t, dateTime } = formatters(user.locale);
  const senderName = sender?.name ?? "Kohtaamo";
  const content: MailContent = {
    subject: t(input.purpose === "welcome" ? "mail.passwordLink.welcome.subject" : "mail.passwordLink.reset.subject"),
    greeting: t("mail.greeting", { name: user.name }),
    paragraphs: [
      input.purpose === "welcome"
        ? t("mail.passwordLink.welcome.body", { sender: senderName, email: user.email })
        : t("mail.passwordLink.reset.body", { sender: senderName }),
    ],
    action: { label: t("mail.passwordLink.action"), url: appLink(`/set-password/${input.token}`) },
    after: [t("mail.passwordLink.expires", { date: dateTime(input.expiresAt) }), t("mail.passwordLink.ignore")],
    footer: footer(user.locale),
  };
  return enqueueMail(executor, {
    kind: "password_link",
    to: user.email,
    toName: user.name,
    locale: user.locale,
    content,
    recipientUserId: user.id,
    secret: true,
    supersedeKey: passwordLinkMailKey(user.id),
  });
}

const invitationMailKey = (accountId: string, email: string) => `portal_invitation:${accountId}:${email.toLowerCase()}`;
const passwordLinkMailKey = (userId: string) => `password_link:${userId}`;

/** A revoked invitation's mail is not sent if it is still waiting. */
export function withdrawInvitationMail(executor: Executor, accountId: string, email: string) {
  return withdrawWaiting(executor, invitationMailKey(accountId, email));
}

/** Withdrawn links' mail is not sent if it is still waiting. */
export function withdrawPasswordLinkMail(executor: Executor, userId: string) {
  return withdrawWaiting(executor, passwordLinkMailKey(userId));
}

/** A member of staff or portal user a mail may go to: enabled, with an address. */
export async function mailRecipient(executor: Executor, userId: string) {
  const user = await executor
    .selectFrom("users")
    .select(["id", "name", "email", "locale", "role", "disabled_at"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user || user.disabled_at) return null;
  return { id: user.id, name: user.name, email: user.email, role: user.role, locale: isLocale(user.locale) ? user.locale : ("en" as Locale) };
}
export type MailRecipient = NonNullable<Awaited<ReturnType<typeof mailRecipient>>>;

/**
 * A mail of a kind the recipient may choose (mail_preferences): written to the
 * outbox only when their choice is `immediate` (or `force`: a digest that is
 * due), with an unsubscribe link for its kind in the footer and as RFC 8058
 * List-Unsubscribe headers. Returns the message id, or why nothing was written.
 */
export async function queueChosenMail(
  executor: Executor,
  input: {
    kind: OptionalMailKind;
    recipient: MailRecipient;
    accountId?: string | null;
    content: (f: Formatters) => MailContent;
    /** Digests are sent by their own schedule when not off. */
    scheduled?: boolean;
    /** A scheduled mail's key: never written twice (app/models/mail-schedule.server.ts). */
    dedupeKey?: string;
    now?: Date;
  },
): Promise<{ id: string } | { skipped: MailChoice | "duplicate" }> {
  const choice = await mailChoice(executor, input.recipient.id, input.kind);
  if (choice === "off" || (choice === "digest" && !input.scheduled)) return { skipped: choice };
  const f = formatters(input.recipient.locale);
  const url = appLink(`/unsubscribe/${unsubscribeToken(input.recipient.id, input.kind)}`);
  const content = input.content(f);
  const id: string | null = await enqueueMail(
    executor,
    {
      kind: input.kind,
      to: input.recipient.email,
      toName: oneLine(input.recipient.name),
      locale: input.recipient.locale,
      content: {
        ...content,
        subject: oneLine(content.subject, 250),
        footer: [...(content.footer ?? footer(input.recipient.locale)), f.t("mail.prefs.why", { kind: f.t(`outbox.kind.${input.kind}`) })],
        unsubscribe: { label: f.t("mail.prefs.unsubscribe"), url },
      },
      recipientUserId: input.recipient.id,
      accountId: input.accountId ?? null,
      headers: { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      ...(input.dedupeKey ? { dedupeKey: input.dedupeKey } : {}),
    },
    input.now,
  );
  return id ? { id } : { skipped: "duplicate" };
}

/**
 * A webhook endpoint was turned off after failing for a day: a mail to every
 * active administrator (kind webhook_disabled, which they may turn off), written
 * by the transaction that turned it off.
 */
export async function queueWebhookDisabledMail(
  executor: Executor,
  input: { endpointId: string; url: string; failingSince: Date; lastError: string; now?: Date },
) {
  const admins = await executor.selectFrom("users").select("id").where("role", "=", "admin").where("disabled_at", "is", null).orderBy("id").execute();
  const queued = [];
  for (const admin of admins) {
    const recipient = await mailRecipient(executor, admin.id);
    if (!recipient) continue;
    queued.push(
      await queueChosenMail(executor, {
        kind: "webhook_disabled",
        recipient,
        now: input.now,
        content: ({ t, dateTime }) => ({
          subject: t("mail.webhookDisabled.subject", { url: oneLine(input.url, 120) }),
          greeting: t("mail.greeting", { name: recipient.name }),
          paragraphs: [
            t("mail.webhookDisabled.body", { url: input.url, since: dateTime(input.failingSince) }),
            ...(input.lastError ? [t("mail.webhookDisabled.lastError", { error: oneLine(input.lastError, 300) })] : []),
            t("mail.webhookDisabled.why"),
          ],
          action: { label: t("mail.webhookDisabled.action"), url: appLink(`/admin/webhooks/${input.endpointId}`) },
        }),
      }),
    );
  }
  return queued;
}
