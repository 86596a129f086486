import { Link } from "#app/components/ui/link.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { useIsPending } from "#app/components/ui/pending.ts";
import type { MessageKey } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { OutboxStatus } from "#db/schema.ts";
import { PostButton } from "./post-button.tsx";
import { FactList, SEND_TONE } from "./sending.tsx";

// One message of the outbox: its facts, send again or withdraw, its text and
// HTML parts, and its tries.

export interface OutboxMessageView {
  id: string;
  subject: string;
  kind: string;
  locale: string;
  status: OutboxStatus;
  to_name: string;
  to_address: string;
  created_at: Date;
  next_attempt_at: Date;
  sent_at: Date | null;
  last_error: string;
  text_body: string;
  html_body: string;
  attempts: { attempt: number; started_at: Date; outcome: string; detail: string }[];
}

export function OutboxMessage({ message }: { message: OutboxMessageView }) {
  const { t, dateTime } = useI18n();
  return (
    <section className="mt-6 flex flex-col gap-4" aria-labelledby="outbox-message">
      <Link to="/admin/outbox" className="text-sm text-brand-700 underline">
        {t("outbox.back")}
      </Link>
      <h2 id="outbox-message" className="text-xl font-semibold break-words">
        {message.subject}
      </h2>
      <FactList
        facts={[
          {
            label: t("outbox.col.to"),
            value: `${message.to_name} <${message.to_address}>`,
            className: "break-all",
          },
          { label: t("outbox.col.kind"), value: t(`outbox.kind.${message.kind}` as MessageKey) },
          { label: t("outbox.language"), value: message.locale },
          {
            label: t("outbox.col.status"),
            value: <Badge tone={SEND_TONE[message.status]}>{t(`outbox.status.${message.status}` as MessageKey)}</Badge>,
          },
          { label: t("outbox.col.created"), value: dateTime(message.created_at) },
          message.status === "pending" && { label: t("outbox.nextAttempt"), value: dateTime(message.next_attempt_at) },
          message.sent_at && { label: t("outbox.sentAt"), value: dateTime(message.sent_at) },
          message.last_error && { label: t("outbox.lastError"), value: message.last_error, className: "break-all" },
        ]}
      />
      {message.status === "review" ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm ring-1 ring-amber-300" role="note">
          {t("outbox.reviewExplain")}
        </p>
      ) : null}
      <MessageActions message={message} />
      <div>
        <h3 className="font-semibold">{t("outbox.textPart")}</h3>
        <pre
          className="mt-1 overflow-x-auto rounded-md bg-white p-3 text-sm whitespace-pre-wrap break-words ring-1 ring-slate-200"
          data-testid="outbox-text"
        >
          {message.text_body}
        </pre>
      </div>
      <details>
        <summary className="cursor-pointer font-semibold">{t("outbox.htmlPart")}</summary>
        <pre className="mt-1 overflow-x-auto rounded-md bg-white p-3 text-xs whitespace-pre-wrap break-all ring-1 ring-slate-200">
          {message.html_body}
        </pre>
      </details>
      <MessageTries message={message} />
    </section>
  );
}

/** Send again (a message up for review or failed) and withdraw (those, or one still waiting). */
function MessageActions({ message }: { message: OutboxMessageView }) {
  const { t } = useI18n();
  const pending = useIsPending();
  const canResend = message.status === "review" || message.status === "failed";
  if (!canResend && message.status !== "pending") return null;
  return (
    <div className="flex flex-wrap gap-2">
      {canResend ? (
        <PostButton intent="resend" fields={{ id: message.id }} pending={pending}>
          {t("outbox.sendAgain")}
        </PostButton>
      ) : null}
      <PostButton
        intent="withdraw"
        fields={{ id: message.id }}
        pending={pending}
        className="!bg-white !text-brand-800 ring-1 ring-slate-300"
      >
        {t("outbox.dismiss")}
      </PostButton>
    </div>
  );
}

function MessageTries({ message }: { message: OutboxMessageView }) {
  const { t, dateTime } = useI18n();
  return (
    <div>
      <h3 className="font-semibold">{t("outbox.attempts")}</h3>
      {message.attempts.length === 0 ? (
        <p className="text-sm text-slate-700">{t("outbox.noAttempts")}</p>
      ) : (
        <ul className="mt-1 flex flex-col gap-1 text-sm">
          {message.attempts.map((a) => (
            <li key={a.attempt} data-testid="outbox-attempt">
              {t("outbox.attempt", { n: a.attempt })} · {dateTime(a.started_at)} ·{" "}
              {t(`outbox.outcome.${a.outcome}` as MessageKey)}
              {a.detail ? <span className="text-slate-600"> · {a.detail}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
