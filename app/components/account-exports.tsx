import { useI18n } from "#app/i18n/use-i18n.ts";

// Links to the account's exports (resource routes under /accounts/<id>/…): plain
// downloads that work without JavaScript. A filtered page exports what it shows.

const link = "text-sm text-brand-700 underline";

/** The timeline's CSV with the page's filters (not its page position), and the whole history as JSON. */
export function TimelineExports({ accountId, search }: { accountId: string; search: string }) {
  const { t } = useI18n();
  const params = new URLSearchParams(search);
  params.delete("cursor");
  const query = params.toString();
  return (
    <nav aria-label={t("export.heading")} className="flex flex-wrap gap-4" data-testid="timeline-exports">
      <a href={`/accounts/${accountId}/timeline.csv${query ? `?${query}` : ""}`} className={link} download>
        {query ? t("export.timelineFiltered") : t("export.timeline")}
      </a>
      <a href={`/accounts/${accountId}/export.json`} className={link} download>
        {t("export.wholeHistory")}
      </a>
    </nav>
  );
}

/** The committee's CSV (everyone, who left too) and the whole history as JSON. */
export function CommitteeExports({ accountId }: { accountId: string }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t("export.heading")} className="flex flex-wrap gap-4" data-testid="committee-exports">
      <a href={`/accounts/${accountId}/committee.csv`} className={link} download>
        {t("export.committee")}
      </a>
      <a href={`/accounts/${accountId}/export.json`} className={link} download>
        {t("export.wholeHistory")}
      </a>
    </nav>
  );
}
