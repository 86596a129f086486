// The forms that move an open or resolved expectation on: deliver, re-plan, reopen.
import { Checkbox } from "#app/components/ui/choice-fields.tsx";
import { Link } from "#app/components/ui/link.tsx";
import type { IntentPanelProps } from "#app/components/ui/intent-form.tsx";
import { IntentPanel } from "#app/components/ui/intent-panel.tsx";
import { InputFor, optionsOf, SelectFor, ShortText } from "#app/components/ui/select-for.tsx";
import { DELIVERY_OUTCOMES } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { DeliveryForm, ReopenForm, ReplanForm } from "#app/schemas/expectation.ts";

/** Whom a notice recorded now would reach: the account's live portal users (notice.ts). */
export interface NoticeReachHint {
  portalUsers: number;
  contestDays: number;
  accountId: string;
}

/** What becomes of a notice recorded now: mailed to the portal users, or seen by nobody until they are invited. */
function NoticeReach({ reach }: { reach: NoticeReachHint }) {
  const { t } = useI18n();
  if (reach.portalUsers > 0) {
    return (
      <p className="text-sm text-slate-700" data-testid="notice-reach">
        {t("replanForm.reachPortal", { count: reach.portalUsers, days: reach.contestDays })}
      </p>
    );
  }
  return (
    <p className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900" data-testid="notice-reach">
      {t("replanForm.reachNobody")}{" "}
      <Link to={`/accounts/${reach.accountId}/portal-access`} className="font-medium underline">
        {t("replanForm.invite")}
      </Link>
    </p>
  );
}

/** A new due date, why, and whether (and when) the customer was told. */
export function ReplanPanel({
  dueDate,
  reach = null,
  ...reply
}: IntentPanelProps & { dueDate: string; reach?: NoticeReachHint | null }) {
  const { t } = useI18n();
  return (
    <IntentPanel<typeof ReplanForm>
      {...reply}
      intent="replan"
      defaultValue={{ due_date: dueDate, reason: "", customer_notified: false, customer_notified_on: "" }}
      submitLabel={t("replanForm.submit")}
    >
      {(fields) => (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <InputFor meta={fields.due_date} label={t("replanForm.dueDate")} type="date" />
          </div>
          <ShortText meta={fields.reason} label={t("replanForm.reason")} />
          <div className="grid gap-4 sm:grid-cols-2">
            <Checkbox meta={fields.customer_notified} label={t("replanForm.notified")} />
            <InputFor
              meta={fields.customer_notified_on}
              label={t("replanForm.notifiedOn")}
              type="date"
              hint={t("replanForm.notifiedOnHint")}
            />
          </div>
          {reach ? <NoticeReach reach={reach} /> : null}
        </>
      )}
    </IntentPanel>
  );
}

/** How it was delivered, on which day, with a note. */
export function DeliveryPanel({ today, ...reply }: IntentPanelProps & { today: string }) {
  const { t } = useI18n();
  return (
    <IntentPanel<typeof DeliveryForm>
      {...reply}
      intent="deliver"
      defaultValue={{ outcome: "kept", delivered_on: today, delivery_note: "" }}
      submitLabel={t("deliveryForm.submit")}
    >
      {(fields) => (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectFor
              meta={fields.outcome}
              label={t("deliveryForm.outcome")}
              options={optionsOf(DELIVERY_OUTCOMES, (o) => t(`expOutcome.${o}`))}
            />
            <InputFor
              meta={fields.delivered_on}
              label={t("deliveryForm.deliveredOn")}
              type="date"
              hint={t("deliveryForm.deliveredOnHint")}
              max={today}
            />
          </div>
          <ShortText meta={fields.delivery_note} label={t("deliveryForm.note")} hint={t("deliveryForm.noteHint")} />
        </>
      )}
    </IntentPanel>
  );
}

/** Back to open, with the reason. */
export function ReopenPanel(reply: IntentPanelProps) {
  const { t } = useI18n();
  return (
    <IntentPanel<typeof ReopenForm> {...reply} intent="reopen" submitLabel={t("reopenForm.submit")}>
      {(fields) => <InputFor meta={fields.reason} label={t("reopenForm.reason")} type="text" maxLength={2000} />}
    </IntentPanel>
  );
}
