// The forms that move an open or resolved expectation on: deliver, re-plan, reopen.
import { Checkbox } from "#app/components/ui/choice-fields.tsx";
import type { IntentPanelProps } from "#app/components/ui/intent-form.tsx";
import { IntentPanel } from "#app/components/ui/intent-panel.tsx";
import { InputFor, optionsOf, SelectFor, ShortText } from "#app/components/ui/select-for.tsx";
import { DELIVERY_OUTCOMES } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { DeliveryForm, ReopenForm, ReplanForm } from "#app/schemas/expectation.ts";

/** A new due date, why, and whether (and when) the customer was told. */
export function ReplanPanel({ dueDate, ...reply }: IntentPanelProps & { dueDate: string }) {
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
