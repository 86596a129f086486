import { Checkbox, CheckboxList, RadioGroup } from "#app/components/ui/choice-fields.tsx";
import { optionsOf } from "#app/components/ui/select-for.tsx";
import { Fieldset } from "#app/components/ui/fieldset.tsx";
import { EMOTION_TAGS, RESOLVED_VALUES, type CommitteeRole } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { TouchpointFields, TouchpointFormOptions } from "./fields.ts";

const SENTIMENTS = [
  { value: "-2", label: "−2" },
  { value: "-1", label: "−1" },
  { value: "0", label: "0" },
  { value: "1", label: "+1" },
  { value: "2", label: "+2" },
];
const TREATMENTS = ["1", "2", "3", "4", "5"].map((v) => ({ value: v, label: v }));

/** Who took part: their people (with role, and whether they have left) and ours. */
export function ParticipantsFieldset({ fields, options }: { fields: TouchpointFields; options: TouchpointFormOptions }) {
  const { t } = useI18n();
  return (
    <Fieldset legend={t("touchpointForm.participants")}>
      <div className="grid gap-4 sm:grid-cols-2">
        <CheckboxList
          meta={fields.stakeholder_ids}
          label={t("touchpointForm.theirSide")}
          empty={t("touchpointForm.noStakeholders")}
          options={options.stakeholders.map((s) => ({
            value: s.id,
            label: s.name,
            detail: [s.role ? t(`committeeRole.${s.role as CommitteeRole}`) : s.title, s.left_on ? t("touchpointForm.left") : ""]
              .filter(Boolean)
              .join(" · "),
          }))}
        />
        <CheckboxList
          meta={fields.user_ids}
          label={t("touchpointForm.ourSide")}
          options={options.users.map((u) => ({ value: u.id, label: u.name }))}
        />
      </div>
    </Fieldset>
  );
}

/** How the customer experienced it: sentiment, treatment, resolution, emotions, and the moments that matter. */
export function ExperienceFieldset({ fields }: { fields: TouchpointFields }) {
  const { t } = useI18n();
  return (
    <Fieldset legend={t("touchpointForm.experience")}>
      <p className="text-sm text-slate-600">{t("touchpointForm.experienceHint")}</p>
      <RadioGroup
        meta={fields.sentiment}
        label={t("touchpointForm.sentiment")}
        hint={t("touchpointForm.sentimentHint")}
        none={t("touchpointForm.notRecorded")}
        options={SENTIMENTS}
      />
      <RadioGroup
        meta={fields.treatment}
        label={t("touchpointForm.treatment")}
        hint={t("touchpointForm.treatmentHint")}
        none={t("touchpointForm.notRecorded")}
        options={TREATMENTS}
      />
      <RadioGroup
        meta={fields.resolved}
        label={t("touchpointForm.resolved")}
        none={t("touchpointForm.notRecorded")}
        options={optionsOf(RESOLVED_VALUES, (v) => t(`resolved.${v}`))}
      />
      <CheckboxList
        meta={fields.emotion_tags}
        label={t("touchpointForm.emotionTags")}
        inline
        options={optionsOf(EMOTION_TAGS, (tag) => t(`emotion.${tag}`))}
      />
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        <Checkbox meta={fields.moment_of_truth} label={t("touchpointForm.momentOfTruth")} />
        <Checkbox meta={fields.positive_surprise} label={t("touchpointForm.positiveSurprise")} />
      </div>
    </Fieldset>
  );
}
