import { Form } from "@remix-run/react";
import { Badge } from "#app/components/ui/badge.tsx";
import { Table } from "#app/components/ui/table.tsx";
import { useEventLabel } from "#app/components/webhooks.tsx";
import type { WebhookDeliveryStatus } from "#app/domain/webhooks.ts";
import type { MessageKey } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { SEND_TONE } from "./sending.tsx";

// An endpoint's recent deliveries: each with its state, its tries, and send
// again or withdraw where a person decides (a delivery up for review, failed,
// or still waiting).

export interface WebhookDeliveryView {
  id: string;
  event_type: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  last_error: string;
  created_at: Date;
  next_attempt_at: Date;
  tries: { attempt: number; started_at: Date; outcome: string; status_code: number | null; detail: string }[];
}

export function WebhookDeliveries({ deliveries, busy }: { deliveries: WebhookDeliveryView[]; busy: boolean }) {
  const { t, dateTime } = useI18n();
  const eventLabel = useEventLabel();
  return (
    <Table
      head={[
        t("webhooks.col.created"),
        t("webhooks.col.event"),
        t("webhooks.col.status"),
        t("webhooks.col.attempts"),
        t("webhooks.col.result"),
      ]}
    >
      {deliveries.map((d) => (
        <tr key={d.id} className="border-t border-slate-200 align-top" data-testid="webhook-delivery">
          <td className="py-2 pr-3 whitespace-nowrap">{dateTime(d.created_at)}</td>
          <td className="py-2 pr-3">
            {eventLabel(d.event_type)}
            <div className="font-mono text-xs text-slate-600 break-all">{d.id}</div>
          </td>
          <td className="py-2 pr-3">
            <Badge tone={SEND_TONE[d.status]}>{t(`webhooks.delivery.status.${d.status}` as MessageKey)}</Badge>
            {d.status === "pending" ? (
              <div className="text-xs text-slate-600">
                {t("webhooks.delivery.nextAttempt", { date: dateTime(d.next_attempt_at) })}
              </div>
            ) : null}
          </td>
          <td className="py-2 pr-3">{d.attempts}</td>
          <td className="py-2 pr-3 text-sm">
            <DeliveryTries delivery={d} />
            {d.status === "review" ? (
              <p className="mt-1 rounded bg-amber-50 p-2 text-xs ring-1 ring-amber-300">
                {t("webhooks.delivery.reviewExplain")}
              </p>
            ) : null}
            <DeliveryActions delivery={d} busy={busy} />
          </td>
        </tr>
      ))}
    </Table>
  );
}

function DeliveryTries({ delivery: d }: { delivery: WebhookDeliveryView }) {
  const { t, dateTime } = useI18n();
  if (!d.tries.length) return null;
  return (
    <details>
      <summary className="cursor-pointer">
        {d.last_error ? <span className="break-all">{d.last_error.slice(0, 80)}</span> : t("webhooks.delivery.tries")}
      </summary>
      <ol className="mt-1 list-decimal pl-5 text-xs">
        {d.tries.map((a) => (
          <li key={a.attempt} className="break-all">
            {dateTime(a.started_at)} —{" "}
            {t("webhooks.delivery.try", {
              attempt: a.attempt,
              outcome: t(`webhooks.delivery.outcome.${a.outcome}` as MessageKey),
            })}
            {a.status_code ? ` (HTTP ${a.status_code})` : ""}
            {a.detail ? `: ${a.detail.slice(0, 200)}` : ""}
          </li>
        ))}
      </ol>
    </details>
  );
}

const STEER_BUTTON = {
  resend: "rounded-md px-2 py-1 text-xs font-semibold text-brand-800 ring-1 ring-brand-700",
  withdraw: "rounded-md px-2 py-1 text-xs font-semibold text-slate-800 ring-1 ring-slate-500",
} as const;

function DeliveryActions({ delivery: d, busy }: { delivery: WebhookDeliveryView; busy: boolean }) {
  const { t } = useI18n();
  if (d.status !== "review" && d.status !== "failed" && d.status !== "pending") return null;
  const intents = d.status === "pending" ? (["withdraw"] as const) : (["resend", "withdraw"] as const);
  return (
    <div className="mt-1 flex flex-wrap gap-2">
      {intents.map((intent) => (
        <Form key={intent} method="post">
          <input type="hidden" name="intent" value={intent} />
          <input type="hidden" name="delivery" value={d.id} />
          <button type="submit" disabled={busy} className={STEER_BUTTON[intent]}>
            {t(intent === "resend" ? "webhooks.delivery.resend" : "webhooks.delivery.withdraw")}
          </button>
        </Form>
      ))}
    </div>
  );
}
