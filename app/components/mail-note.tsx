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
