import { Form, Link } from "@remix-run/react";
import { QUADRANTS } from "#app/domain/experience.ts";
import { TOUCHPOINT_KINDS } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { TimelineFilters } from "#app/schemas/timeline.ts";

interface Person {
  id: string;
  name: string;
}

/** A GET form: the filters live in the URL, so a filtered view can be bookmarked and shared. */
export function TimelineFilterForm({
  filters,
  stakeholders,
  staff,
  clearTo,
}: {
  filters: TimelineFilters;
  stakeholders: Person[];
  staff: Person[];
  clearTo: string;
}) {
  const { t } = useI18n();
  const control = "rounded-md border border-slate-400 bg-white px-2 py-1.5 text-sm";
  return (
    <Form method="get" preventScrollReset className="mb-4 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200" aria-label={t("filters.title")}>
      <fieldset>
        <legend className="text-sm font-semibold">{t("filters.kind")}</legend>
        <div className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
          {TOUCHPOINT_KINDS.map((kind) => (
            <label key={kind} className="flex items-center gap-1 text-sm">
              <input type="checkbox" name="kind" value={kind} defaultChecked={filters.kind.includes(kind)} />
              {t(`kind.${kind}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="mt-3 flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="f-person" className="text-sm font-medium">{t("filters.person")}</label>
          <select id="f-person" name="person" defaultValue={filters.person ?? ""} className={control}>
            <option value="">{t("filters.anyone")}</option>
            <optgroup label={t("filters.customerSide")}>
              {stakeholders.map((p) => (
                <option key={p.id} value={p.id}>{p.name}</option>
              ))}
            </optgroup>
            <optgroup label={t("filters.ourSide")}>
              {staff.map((p) => (
                <option key={p.id} value={p.id}>{p.name}</option>
              ))}
            </optgroup>
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="f-sentiment" className="text-sm font-medium">{t("filters.sentiment")}</label>
          <select id="f-sentiment" name="sentiment" defaultValue={filters.sentiment ?? ""} className={control}>
            <option value="">{t("filters.sentiment.any")}</option>
            {(["negative", "neutral", "positive", "recorded"] as const).map((s) => (
              <option key={s} value={s}>{t(`filters.sentiment.${s}`)}</option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="f-shared" className="text-sm font-medium">{t("filters.shared")}</label>
          <select id="f-shared" name="shared" defaultValue={filters.shared ?? ""} className={control}>
            <option value="">{t("filters.shared.any")}</option>
            <option value="yes">{t("filters.shared.yes")}</option>
            <option value="no">{t("filters.shared.no")}</option>
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="f-moment" className="text-sm font-medium">{t("filters.moment")}</label>
          <select id="f-moment" name="moment" defaultValue={filters.moment ?? ""} className={control}>
            <option value="">{t("filters.moment.any")}</option>
            {(["truth", "surprise", "either"] as const).map((m) => (
              <option key={m} value={m}>{t(`filters.moment.${m}`)}</option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="f-quadrant" className="text-sm font-medium">{t("filters.quadrant")}</label>
          <select id="f-quadrant" name="quadrant" defaultValue={filters.quadrant ?? ""} className={control}>
            <option value="">{t("filters.quadrant.any")}</option>
            {QUADRANTS.map((q) => (
              <option key={q} value={q}>{t(`experience.cell.${q}`)}</option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="f-from" className="text-sm font-medium">{t("filters.from")}</label>
          <input id="f-from" type="date" name="from" defaultValue={filters.from ?? ""} className={control} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="f-to" className="text-sm font-medium">{t("filters.to")}</label>
          <input id="f-to" type="date" name="to" defaultValue={filters.to ?? ""} className={control} />
        </div>
        <button type="submit" className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white">
          {t("filters.apply")}
        </button>
        <Link to={clearTo} preventScrollReset className="py-1.5 text-sm text-brand-700 underline">
          {t("filters.clear")}
        </Link>
      </div>
    </Form>
  );
}
