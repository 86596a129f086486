// The account page's sections (overview, timeline, ledger, committee, portal
// access), each its own URL, and the overview's summaries.

export const en = {
  "section.nav": "Account sections",
  "section.overview": "Overview",
  "timelinePage.title": "Timeline of {name}",
  "overview.recent": "Recently recorded",
  "overview.wholeTimeline": "Whole timeline, with filters",
  "overview.quickLogHint": "Tip: press L on any page to log a touchpoint.",
  "attention.mostPressing": "Most pressing: {title}",
  "attention.expand": "Details and acknowledgement",
};

export const fi: Record<keyof typeof en, string> = {
  "section.nav": "Asiakkaan osiot",
  "section.overview": "Yleiskuva",
  "timelinePage.title": "Aikajana: {name}",
  "overview.recent": "Viimeksi kirjatut",
  "overview.wholeTimeline": "Koko aikajana suodattimineen",
  "overview.quickLogHint": "Vinkki: L-näppäimellä kirjaat kohtaamisen miltä tahansa sivulta.",
  "attention.mostPressing": "Kiireellisin: {title}",
  "attention.expand": "Tiedot ja kuittaus",
};
