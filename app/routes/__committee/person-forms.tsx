import { StakeholderForm } from "#app/components/stakeholder-form.tsx";
import { Checkbox } from "#app/components/ui/choice-fields.tsx";
import { FormAlert } from "#app/components/ui/field.tsx";
import { Panel } from "#app/components/ui/panel.tsx";
import { useIntentReplies, type IntentPanelProps, type IntentReply } from "#app/components/ui/intent-form.tsx";
import { EditDetails, IntentPanel } from "#app/components/ui/intent-panel.tsx";
import { InputFor, SelectFor, ShortText } from "#app/components/ui/select-for.tsx";
import { addDays } from "#app/domain/dates.ts";
import type { CommitteeRole } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { HandoverForm, LeaveForm, RejoinForm, StakeholderFormValues } from "#app/schemas/stakeholder.ts";

// The forms of a person's page that change whether they are with the customer:
// marking them left, taking that back, and naming a successor (the route
// _app.accounts.$accountId_.committee.$stakeholderId.tsx posts each with its intent).

export type Intent = "edit" | "leave" | "rejoin" | "handover";

/** What the person page's action answers a form with (person-action.server.ts). */
export type PersonActionData = IntentReply<Intent>;

/**
 * The forms a person's page offers those who may change the committee: leave,
 * hand over, rejoin, edit — each with its own reply; a reply for a form no
 * longer offered (someone else marked them left or back meanwhile) shows on top.
 */
export function PersonForms({
  person: p,
  handedOver,
  canEdit,
  openHeld,
  successors,
  today,
  defaults,
  managers,
  actionData,
  cancelTo,
}: {
  person: { version: number; left_on: string | null; committee_role: string | null };
  handedOver: boolean;
  canEdit: boolean;
  openHeld: number;
  successors: { id: string; name: string }[];
  today: string;
  defaults: StakeholderFormValues;
  managers: { id: string; name: string; left_on: string | null }[];
  actionData: PersonActionData | undefined;
  cancelTo: string;
}) {
  const { t } = useI18n();
  const { mine, panel } = useIntentReplies(actionData, p.version);
  const offered: Record<Intent, boolean> = {
    edit: canEdit,
    leave: canEdit && !p.left_on,
    rejoin: canEdit && Boolean(p.left_on),
    handover: canEdit && Boolean(p.left_on) && !handedOver,
  };
  const orphan = actionData && !offered[actionData.intent] ? actionData : undefined;
  return (
    <>
      {orphan ? (
        <FormAlert
          errors={Object.values(orphan.result?.error ?? {})
            .flat()
            .filter((m): m is string => Boolean(m))}
          details={orphan.conflict?.changes.map((c) => t("form.conflictField", { field: c.field, value: c.value }))}
        />
      ) : null}

      {offered.leave ? (
        <Panel id="leave" title={t("leaveForm.heading")} help={t("leaveForm.help")}>
          <LeavePanel {...panel("leave")} today={today} />
        </Panel>
      ) : null}

      {offered.handover ? (
        <Panel id="handover" title={t("handover.heading")} help={t("handover.help", { count: openHeld })}>
          <HandoverPanel {...panel("handover")} today={today} role={p.committee_role} successors={successors} />
        </Panel>
      ) : null}

      {offered.rejoin ? (
        <Panel id="rejoin" title={t("rejoinForm.heading")} help={t("rejoinForm.help")}>
          <RejoinPanel {...panel("rejoin")} />
        </Panel>
      ) : null}

      {canEdit ? (
        <EditDetails open={Boolean(mine("edit"))} heading={t("stakeholderForm.editHeading")}>
          <StakeholderForm
            mode="edit"
            defaults={defaults}
            managers={managers}
            lastResult={mine("edit")?.result}
            conflict={mine("edit")?.conflict}
            cancelTo={cancelTo}
          />
        </EditDetails>
      ) : null}
    </>
  );
}

export function LeavePanel({ today, ...reply }: IntentPanelProps & { today: string }) {
  const { t } = useI18n();
  return (
    <IntentPanel<typeof LeaveForm>
      {...reply}
      intent="leave"
      defaultValue={{ left_on: today, note: "" }}
      submitLabel={t("leaveForm.submit")}
    >
      {(fields) => (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <InputFor meta={fields.left_on} label={t("leaveForm.leftOn")} type="date" max={today} />
          </div>
          <ShortText meta={fields.note} label={t("leaveForm.note")} hint={t("leaveForm.noteHint")} />
        </>
      )}
    </IntentPanel>
  );
}

export function RejoinPanel(reply: IntentPanelProps) {
  const { t } = useI18n();
  return (
    <IntentPanel<typeof RejoinForm>
      {...reply}
      intent="rejoin"
      defaultValue={{ mistake: false }}
      submitLabel={t("rejoinForm.submit")}
    >
      {(fields) => <Checkbox meta={fields.mistake} label={t("rejoinForm.mistake")} />}
    </IntentPanel>
  );
}

export function HandoverPanel({
  today,
  role,
  successors,
  ...reply
}: IntentPanelProps & { today: string; role: string | null; successors: { id: string; name: string }[] }) {
  const { t } = useI18n();
  if (successors.length === 0) return <p className="text-sm text-slate-700">{t("handover.nobody")}</p>;
  return (
    <IntentPanel<typeof HandoverForm>
      {...reply}
      intent="handover"
      defaultValue={{ successor_id: "", take_role: Boolean(role), first_meeting_at: `${addDays(today, 7)}T10:00` }}
      submitLabel={t("handover.submit")}
    >
      {(fields) => (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectFor
              meta={fields.successor_id}
              label={t("handover.successor")}
              options={successors.map((s) => ({ value: s.id, label: s.name }))}
              placeholder={t("handover.choose")}
            />
            <InputFor
              meta={fields.first_meeting_at}
              label={t("handover.firstMeeting")}
              type="datetime-local"
              hint={t("handover.firstMeetingHint")}
              min={`${today}T00:00`}
            />
          </div>
          {role ? (
            <Checkbox
              meta={fields.take_role}
              label={t("handover.takeRole", { role: t(`committeeRole.${role as CommitteeRole}`).toLowerCase() })}
            />
          ) : null}
        </>
      )}
    </IntentPanel>
  );
}
