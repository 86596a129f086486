import type { SubmissionResult } from "@conform-to/react";
import type { ReactNode } from "react";
import { Badge } from "#app/components/ui/badge.tsx";
import { ShortText } from "#app/components/ui/select-for.tsx";
import { PortalForm, RadioChoice } from "#app/components/portal-form.tsx";
import type { DeliveryOutcome } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { DeliveryResponseForm } from "#app/schemas/portal.ts";
import { CUSTOMER_ANSWERS, type CustomerAnswer } from "#app/schemas/portal.values.ts";
import { useIsPending } from "#app/components/ui/pending.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";

/** A commitment as the portal shows it: never internal notes, owner or description. */
export interface PortalCommitment {
  id: string;
  title: string;
  status: string;
  outcome: string | null;
  original_due_date: string;
  due_date: string;
  delivered_on: string | null;
  customer_response: string | null;
  customer_comment: string;
  holder_name: string | null;
  version: number;
  replans?: { from_due_date: string | null; to_due_date: string | null; at: Date | string }[];
}

const OUTCOME_TONE: Record<string, "good" | "warn" | "bad" | "neutral"> = {
  kept: "good",
  exceeded: "good",
  late: "warn",
  partial: "warn",
  missed: "bad",
  withdrawn: "neutral",
};

export function CommitmentCard({
  commitment: c,
  daysOverdue = 0,
  dueForCustomer,
  pendingNotice,
  children,
}: {
  commitment: PortalCommitment;
  /** Days an open commitment is past the day it is due for the customer (domain/commitments.ts); shown as overdue when above 0. */
  daysOverdue?: number;
  /** The day an open commitment is due for the customer; said when earlier than the due date (a move not announced in time). */
  dueForCustomer?: string;
  /** Notices still awaiting the customer's answer that would move that day once they stand (domain/commitments.ts). */
  pendingNotice?: { movesTo: string; standsOn: string | null };
  children?: ReactNode;
}) {
  const { t, date } = useI18n();
  return (
    <li
      className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-sky-200"
      data-testid="portal-commitment"
      data-id={c.id}
    >
      <div className="flex flex-wrap items-baseline gap-2">
        <h3 className="font-semibold">{c.title}</h3>
        {c.status === "resolved" && c.outcome ? (
          <Badge tone={OUTCOME_TONE[c.outcome] ?? "neutral"}>{t(`expOutcome.${c.outcome as DeliveryOutcome}`)}</Badge>
        ) : null}
        {c.status === "proposed" || c.status === "declined" || c.status === "open" ? (
          <Badge tone={c.status === "declined" ? "neutral" : "info"}>{t(`portalCommitments.status.${c.status}`)}</Badge>
        ) : null}
        {daysOverdue > 0 ? (
          <span data-testid="portal-overdue">
            <Badge tone="bad">{t("portalCommitments.overdueBy", { days: daysOverdue })}</Badge>
          </span>
        ) : null}
      </div>
      <p className="mt-1 flex flex-wrap gap-x-4 text-sm text-slate-700">
        <span>{t("portalCommitments.due", { date: date(c.due_date) })}</span>
        {c.original_due_date !== c.due_date ? (
          <span>{t("portalCommitments.originallyDue", { date: date(c.original_due_date) })}</span>
        ) : null}
        {c.delivered_on ? <span>{t("portalCommitments.delivered", { date: date(c.delivered_on) })}</span> : null}
        {c.holder_name ? <span>{t("portalCommitments.holder", { name: c.holder_name })}</span> : null}
      </p>
      {c.status === "open" && dueForCustomer && dueForCustomer < c.due_date ? (
        <p className="mt-1 text-sm text-slate-700" data-testid="portal-due-for-customer">
          {pendingNotice?.standsOn
            ? t("portalCommitments.countsDueUntilNotice", {
                date: date(dueForCustomer),
                due: date(pendingNotice.movesTo),
                standsOn: date(pendingNotice.standsOn),
              })
            : pendingNotice
              ? t("portalCommitments.countsDueUntilConfirmed", {
                  date: date(dueForCustomer),
                  due: date(pendingNotice.movesTo),
                })
              : t("portalCommitments.countsDueOn", { date: date(dueForCustomer), due: date(c.due_date) })}
        </p>
      ) : null}
      {c.replans?.length ? (
        <ul className="mt-1 text-sm text-slate-700">
          {c.replans.map((r, i) => (
            <li key={i}>
              {t("portalCommitments.replanned", {
                from: date(r.from_due_date),
                to: date(r.to_due_date),
                when: date(r.at),
              })}
            </li>
          ))}
        </ul>
      ) : null}
      {c.customer_response ? (
        <p className="mt-2 text-sm">
          {t("portalCommitments.yourAnswer", {
            answer: t(`portalCommitments.answer.${c.customer_response as "confirmed"}`),
          })}
          {c.customer_comment ? <span className="text-slate-700"> — {c.customer_comment}</span> : null}
        </p>
      ) : null}
      {children}
    </li>
  );
}

/** Confirm a delivery or dispute it. One per delivered commitment; replies are routed by commitment id. */
export function RespondForm({
  commitment,
  lastResult,
}: {
  commitment: PortalCommitment;
  lastResult?: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const pending = useIsPending(commitment.id, "expectation_id");
  const [form, fields] = useZodForm<typeof DeliveryResponseForm>(`respond-${commitment.id}`, {
    lastResult,
    defaultValue: { response: commitment.customer_response ?? "", comment: commitment.customer_comment ?? "" },
  });
  return (
    <PortalForm
      form={form}
      hidden={{ expectation_id: commitment.id, version: commitment.version }}
      className="mt-3 flex flex-col gap-3 border-t border-sky-100 pt-3"
      pending={pending}
      pendingLabel={t("portalCommitments.sending")}
      submitLabel={t("portalCommitments.submit")}
    >
      <RadioChoice
        meta={fields.response}
        values={CUSTOMER_ANSWERS}
        labelOf={(answer) => t(`portalCommitments.answer.${answer as CustomerAnswer}`)}
        legend={t("portalCommitments.response")}
        groupClassName="mt-1 flex flex-wrap gap-x-4 gap-y-1"
        labelClassName="flex items-center gap-1.5 text-sm"
      />
      <ShortText
        meta={fields.comment}
        label={t("portalCommitments.comment")}
        hint={t("portalCommitments.commentHint")}
      />
    </PortalForm>
  );
}
