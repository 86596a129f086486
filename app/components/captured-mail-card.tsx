import { Form } from "@remix-run/react";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { InboxActionError, InboxListItem } from "./inbox-list.tsx";
import { Badge } from "./ui/badge.tsx";
import { HiddenFields } from "./ui/hidden-fields.tsx";
import { NamedOptions } from "./ui/field.tsx";

/**
 * A mail from the capture address that named no account's people, or several
 * accounts': choose the account to log it on (those whose people it names
 * first), or discard it. Plain forms: it works without JavaScript.
 */
export function CapturedMailCard({
  item,
  accounts,
  error,
}: {
  item: InboxListItem;
  accounts: { id: string; name: string }[];
  error: InboxActionError | null;
}) {
  const { t, dateTime } = useI18n();
  const d = item.details;
  const safe = item.sourceId;
  /** The mail both forms act on, at the version shown. */
  const mail = { mailId: item.sourceId, version: String(d.version ?? 1) };
  const candidates = String(d.candidates ?? "")
    .split(",")
    .filter(Boolean);
  const first = accounts.filter((a) => candidates.includes(a.id));
  const rest = accounts.filter((a) => !candidates.includes(a.id));
  const button = "rounded-md border border-slate-400 bg-white px-2 py-1 text-sm font-medium";
  const title = item.title || t("mailIn.noSubject");
  return (
    <li
      id={`mail-${safe}`}
      data-inbox-key={item.key}
      data-kind={item.kind}
      className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200"
    >
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone="info">{t("inbox.kind.captured_mail")}</Badge>
        <span className="font-medium">{title}</span>
      </div>
      <p className="mt-1 text-sm text-slate-700">
        {t("mailIn.from", { address: String(d.from ?? "") })} ·{" "}
        {t("mailIn.sentAt", { date: dateTime(String(d.sentAt ?? item.at)) })}
      </p>
      <p className="mt-1 break-words text-sm text-slate-600">
        {d.addresses ? t("mailIn.names", { addresses: String(d.addresses) }) : t("mailIn.noAddresses")}
      </p>
      {d.attachments ? (
        <p className="mt-1 break-words text-sm text-slate-600">
          {t("mailIn.attachments", { names: String(d.attachments) })}
        </p>
      ) : null}
      <div className="mt-2 flex flex-wrap items-end gap-3" role="group" aria-label={t("inbox.actions", { title })}>
        <Form method="post" className="flex flex-wrap items-end gap-1">
          <HiddenFields values={{ intent: "placeMail", ...mail }} />
          <div className="flex flex-col">
            <label htmlFor={`place-${safe}`} className="text-xs font-medium">
              {t("mailIn.account")}
            </label>
            <select
              id={`place-${safe}`}
              name="accountId"
              required
              defaultValue={error?.field === "account" ? error.value : first.length === 1 ? first[0]!.id : ""}
              aria-invalid={error?.field === "account" ? true : undefined}
              aria-describedby={error?.field === "account" ? `place-${safe}-error` : undefined}
              className="max-w-full rounded-md border border-slate-400 px-2 py-1 text-sm"
            >
              <option value="">{t("mailIn.pickAccount")}</option>
              <AccountGroup label={t("mailIn.candidates")} accounts={first} />
              <AccountGroup label={t("mailIn.otherAccounts")} accounts={rest} />
            </select>
          </div>
          <button type="submit" className="rounded-md bg-brand-700 px-2 py-1 text-sm font-semibold text-white">
            {t("mailIn.place")}
          </button>
        </Form>
        <Form method="post">
          <HiddenFields values={{ intent: "discardMail", ...mail }} />
          <button type="submit" className={button}>
            {t("mailIn.discard")}
          </button>
        </Form>
      </div>
      {error ? (
        <p id={`place-${safe}-error`} className="mt-1 text-sm text-red-800" role="alert">
          {error.message}
        </p>
      ) : null}
    </li>
  );
}

/** The accounts of one group of the place form's choice, none when empty. */
function AccountGroup({ label, accounts }: { label: string; accounts: { id: string; name: string }[] }) {
  return accounts.length ? (
    <optgroup label={label}>
      <NamedOptions records={accounts} />
    </optgroup>
  ) : null;
}
