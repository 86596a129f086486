// The shell's messages: what the page frame and the error page show. They reach
// the browser even when no loader data does (an error thrown before or instead
// of the root loader: a busy or unreachable database, an action's refusal), so
// they are kept apart from the catalogues, small, in both languages
// (pageFormatters in app/i18n/page-messages.ts). core.ts spreads them in.

export const en = {
  "app.name": "Kohtaamo",
  "nav.skipToContent": "Skip to content",
  "locale.label": "Language",
  "locale.switch": "Change",
  "error.title": "Something went wrong",
  "error.notFound": "We could not find that page.",
  "error.unavailable":
    "Kohtaamo cannot reach its database right now. Nothing you saved is lost; please try again in a moment.",
  "error.busy":
    "Kohtaamo is busy right now and could not take this request. Nothing you saved is lost; please try again in a moment.",
  "error.forbidden": "You do not have access to this page.",
  "error.unexpected": "An unexpected error happened. Please try again.",
  "error.home": "Go to the start page",
  "error.badRequest": "The request could not be understood. Reload the page and try again.",
  "error.conflict": "Someone else changed this meanwhile. Reload the page and try again.",
  "error.gone": "This is no longer available.",
};

export const fi: Record<keyof typeof en, string> = {
  "app.name": "Kohtaamo",
  "nav.skipToContent": "Siirry sisältöön",
  "locale.label": "Kieli",
  "locale.switch": "Vaihda",
  "error.title": "Jokin meni vikaan",
  "error.notFound": "Sivua ei löytynyt.",
  "error.unavailable":
    "Kohtaamo ei juuri nyt tavoita tietokantaansa. Tallentamasi tiedot ovat tallessa; yritä hetken kuluttua uudelleen.",
  "error.busy":
    "Kohtaamolla on juuri nyt ruuhkaa, eikä se ehtinyt käsitellä tätä pyyntöä. Tallentamasi tiedot ovat tallessa; yritä hetken kuluttua uudelleen.",
  "error.forbidden": "Sinulla ei ole pääsyä tälle sivulle.",
  "error.unexpected": "Tapahtui odottamaton virhe. Yritä uudelleen.",
  "error.home": "Siirry etusivulle",
  "error.badRequest": "Pyyntöä ei ymmärretty. Lataa sivu uudelleen ja yritä uudestaan.",
  "error.conflict": "Joku muu muutti tätä sillä välin. Lataa sivu uudelleen ja yritä uudestaan.",
  "error.gone": "Tämä ei ole enää saatavilla.",
};
