import { Form } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { FilterField, FilterInput, FilterSelects, filterControl } from "#app/components/ui/filter-form.tsx";
import { optionsOf } from "#app/components/ui/options.ts";
import { QUADRANTS } from "#app/domain/experience.ts";
import { TOUCHPOINT_KINDS } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { TimelineFilters } from "#app/schemas/timeline.ts";
import { NamedOptions } from "./ui/field.tsx";

const SENTIMENTS = ["negative", "neutral", "positive", "recorded"] as const;
const SHARED = ["yes", "no"] as const;
const MOMENTS = ["truth", "surprise", "either"] as const;

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
  const control = `${filterControl} text-sm`;
  // The filters that choose one value of a list, each with its "any" option first.
  const choices = (
    [
      { name: "sentiment", options: optionsOf(SENTIMENTS, (v) => t(`filters.sentiment.${v}`)) },
      { name: "shared", options: optionsOf(SHARED, (v) => t(`filters.shared.${v}`)) },
      { name: "moment", options: optionsOf(MOMENTS, (v) => t(`filters.moment.${v}`)) },
      { name: "quadrant", options: optionsOf(QUADRANTS, (v) => t(`experience.cell.${v}`)) },
    ] as const
  ).map((c) => ({ ...c, label: t(`filters.${c.name}`), anyLabel: t(`filters.${c.name}.any`) }));
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
        <FilterField id="f-person" label={t("filters.person")}>
          <select id="f-person" name="person" defaultValue={filters.person ?? ""} className={control}>
            <option value="">{t("filters.anyone")}</option>
            <optgroup label={t("filters.customerSide")}>
              <NamedOptions records={stakeholders} />
            </optgroup>
            <optgroup label={t("filters.ourSide")}>
              <NamedOptions records={staff} />
            </optgroup>
          </select>
        </FilterField>
        <FilterSelects small idPrefix="f-" values={filters} choices={choices} />
        <FilterInput small id="f-from" name="from" type="date" label={t("filters.from")} defaultValue={filters.from ?? ""} />
        <FilterInput small id="f-to" name="to" type="date" label={t("filters.to")} defaultValue={filters.to ?? ""} />
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
