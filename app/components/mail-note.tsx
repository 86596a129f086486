import { useI18n } from "#app/i18n/use-i18n.ts";

/** Under a one-time link: whether it is also on its way by e-mail, or waits in the outbox (no mail server). */
export function MailNote({ mailed, email }: { mailed: boolean; email: string }) {
  const { t } = useI18n();
  return (
    <p className="mt-2 text-sm text-slate-800" data-testid="mail-note">
      {mailed ? t("outbox.onItsWay", { email }) : t("outbox.held")}
    </p>
  );
}

/**
 * Below a one-time link's heading (a user's password link, a portal
 * invitation), shown in the response that made it only: the link, who it is
 * for and until when it works, and whether it is also on its way by e-mail.
 */
export function OneTimeLink({
  made,
  until,
}: {
  made: { link: string; email: string; mailed: boolean };
  until: string;
}) {
  return (
    <>
      <p className="mt-2 break-all rounded bg-white p-2 font-mono text-sm ring-1 ring-emerald-200">
        <a href={made.link}>{made.link}</a>
      </p>
      <p className="mt-2 text-sm text-slate-800">{until}</p>
      <MailNote mailed={made.mailed} email={made.email} />
    </>
  );
}
