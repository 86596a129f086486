// Messages for predictability pooled over many accounts (per KAM, the whole
// portfolio), the surprises list, the KAM comparison over time, and the
// account page's open expectations.

export const en = {
  "pooled.window": "Expectations due in the last {months, plural, one {# month} other {# months}}, weighted by importance.",
  "pooled.none": "No expectations came due in the last {months, plural, one {# month} other {# months}}.",
  "pooled.surprises": "{n, plural, one {# surprise} other {# surprises}} behind this figure",
  "pooled.latestSurprises": "Latest surprises",
  "pooled.importance": "importance {n}",
  "pooled.portfolioTitle": "Predictability of the whole portfolio",
  "pooled.portfolioTitleMine": "Predictability of your accounts",

  "portfolio.filter.size": "Rows per page",

  "surprises.title": "Surprises",
  "surprises.titleKam": "Surprises in {name}'s accounts",
  "surprises.intro": "Expectations due in the last {months, plural, one {# month} other {# months}} that did not go as the customer was told, newest first. Each links to its history.",
  "surprises.count": "{n, plural, one {# surprise} other {# surprises}} of {sample, plural, one {# expectation} other {# expectations}} due",
  "surprises.older": "Older surprises",
  "surprises.newest": "Newest",
  "surprises.back": "Portfolio",

  "trends.compare": "KAMs compared month by month",
  "trends.compareIntro": "Predictability of the expectations due in each month, per KAM, with the number due (n). Months with fewer than 5 are marked: read them with care.",
  "trends.compareChart": "Predictability by KAM",
  "trends.compareHealth": "Mean health at each month's end, per KAM",
  "trends.compareHealthChart": "Mean health by KAM",
  "trends.kamPages": "Pages of KAMs compared",
  "trends.kamRange": "KAMs {from}–{to} of {total}, by name",
  "trends.accountsShort": "{count} acc.",

  "accountLedger.title": "Open expectations",
  "accountLedger.counts": "{open} open · {overdue} overdue · {dueSoon} due within {days, plural, one {# day} other {# days}}",
  "accountLedger.none": "No open expectations.",
  "accountLedger.all": "Full ledger",
  "accountLedger.more": "Showing {shown} of {open}.",

  "signals.escalated": "Worse since it was acknowledged",
  "signals.resolvedAlready": "This signal has already ended: its cause has gone, so there is nothing to acknowledge.",
};

export const fi: Record<keyof typeof en, string> = {
  "pooled.window": "Viimeisten {months} kuukauden aikana erääntyneet odotukset tärkeydellä painottaen.",
  "pooled.none": "Viimeisten {months} kuukauden aikana ei erääntynyt odotuksia.",
  "pooled.surprises": "{n, plural, one {# yllätys} other {# yllätystä}} luvun takana",
  "pooled.latestSurprises": "Viimeisimmät yllätykset",
  "pooled.importance": "tärkeys {n}",
  "pooled.portfolioTitle": "Koko salkun ennustettavuus",
  "pooled.portfolioTitleMine": "Asiakkaidesi ennustettavuus",

  "portfolio.filter.size": "Rivejä sivulla",

  "surprises.title": "Yllätykset",
  "surprises.titleKam": "Yllätykset: {name}",
  "surprises.intro": "Viimeisten {months} kuukauden aikana erääntyneet odotukset, jotka eivät toteutuneet niin kuin asiakkaalle kerrottiin, uusimmat ensin. Jokaisesta pääsee sen historiaan.",
  "surprises.count": "{n, plural, one {# yllätys} other {# yllätystä}} {sample} erääntyneestä odotuksesta",
  "surprises.older": "Vanhemmat yllätykset",
  "surprises.newest": "Uusimmat",
  "surprises.back": "Asiakassalkku",

  "trends.compare": "Avainasiakaspäälliköt rinnakkain kuukausittain",
  "trends.compareIntro": "Kunakin kuukautena erääntyneiden odotusten ennustettavuus avainasiakaspäälliköittäin ja erääntyneiden määrä (n). Alle viiden odotuksen kuukaudet on merkitty: tulkitse niitä varoen.",
  "trends.compareChart": "Ennustettavuus avainasiakaspäälliköittäin",
  "trends.compareHealth": "Terveyden keskiarvo kunkin kuukauden lopussa avainasiakaspäälliköittäin",
  "trends.compareHealthChart": "Terveyden keskiarvo avainasiakaspäälliköittäin",
  "trends.kamPages": "Verrattujen avainasiakaspäälliköiden sivut",
  "trends.kamRange": "Avainasiakaspäälliköt {from}–{to}/{total} nimen mukaan",
  "trends.accountsShort": "{count} as.",

  "accountLedger.title": "Avoimet odotukset",
  "accountLedger.counts": "{open} avointa · {overdue} myöhässä · {dueSoon} erääntyy {days} päivän sisällä",
  "accountLedger.none": "Ei avoimia odotuksia.",
  "accountLedger.all": "Kaikki odotukset",
  "accountLedger.more": "Näytetään {shown}/{open}.",

  "signals.escalated": "Pahentunut kuittauksen jälkeen",
  "signals.resolvedAlready": "Tämä signaali on jo päättynyt, koska sen syy on poistunut; kuitattavaa ei ole.",
};
