// Messages for "Whom did we surprise?" (issue 14, item 4): each person's record
// of what was promised to them, and the influence-weighted roll-up.

export const en = {
  "holderRecord.column": "Promised, last {months, plural, one {# month} other {# months}}",
  "holderRecord.promised": "{count, plural, one {# promised} other {# promised}}",
  "holderRecord.part.kept": "{count, plural, one {# kept} other {# kept}}",
  "holderRecord.part.lateWithNotice": "{count, plural, one {# late with notice} other {# late with notice}}",
  "holderRecord.part.late_without_notice": "{count, plural, one {# late without notice} other {# late without notice}}",
  "holderRecord.part.overdue": "{count, plural, one {# overdue without notice} other {# overdue without notice}}",
  "holderRecord.part.missed": "{count, plural, one {# missed} other {# missed}}",
  "holderRecord.part.partial": "{count, plural, one {# partly delivered} other {# partly delivered}}",
  "holderRecord.part.disputed": "{count, plural, one {# disputed} other {# disputed}}",
  "holderRecord.part.open": "{count, plural, one {# still open} other {# still open}}",
  "holderRecord.part.withdrawn": "{count, plural, one {# withdrawn with agreement} other {# withdrawn with agreement}}",
  "holderRecord.part.unconfirmed":
    "{count, plural, one {# recorded after its date, awaiting the customer's confirmation} other {# recorded after their date, awaiting the customer's confirmation}}",
  "holderRecord.none": "Nothing promised",
  "holderRecord.predictability": "Predictability {value} (sample {sample})",
  "holderRecord.notEnoughData":
    "Predictability: not enough data ({sample, plural, =0 {nothing came due} one {# came due} other {# came due}}; {min} needed)",
  "holderRecord.sentence":
    "Promised {name} {count, plural, one {# thing} other {# things}} in the last {months, plural, one {# month} other {# months}}: {parts}.",
  "holderRecord.sentenceNone":
    "Nothing was promised to {name} in the last {months, plural, one {# month} other {# months}}.",
  "holderRecord.summaryTitle": "Whom did we surprise?",
  "holderRecord.summaryWindow":
    "Promises to each person that came due {from} – {to}, and those still open. Open and withdrawn ones, and those recorded after their date that the customer has not confirmed, are not in the sample.",
  "holderRecord.lean.most_influential":
    "Surprises fell on the people who matter most: weighted by influence, predictability is {weighted}, against {plain} when everyone counts the same.",
  "holderRecord.lean.less_influential":
    "Surprises fell mostly on people of less influence: weighted by influence, predictability is {weighted}, against {plain} when everyone counts the same.",
  "holderRecord.lean.even":
    "Surprises fell evenly across influence: weighted by influence, predictability is {weighted}, against {plain} when everyone counts the same.",
  "holderRecord.lean.no_surprises":
    "No surprises: every one of the {sample, plural, one {# promise} other {# promises}} to a named person that came due went as they were told.",
  "holderRecord.lean.not_enough_data":
    "Not enough data to say whom surprises fell on: {sample, plural, =0 {no promise} one {# promise} other {# promises}} to a named person came due; {min} needed.",
  "holderRecord.highInfluence":
    "Of {total, plural, one {# surprise} other {# surprises}}, {surprises, plural, =0 {not one} other {#}} fell on people of influence 4–5, who hold {sample} of the {all} that came due.",
  "holderRecord.weights":
    "How it is weighed: each promise that came due counts its importance (1–3) times the influence (1–5) of the person it was made to. People who left count with the influence recorded for them.",
  "holderRecord.leftCounted":
    "{count, plural, one {# person who left is} other {# people who left are}} in these figures: what was promised to them happened.",
  "holderRecord.unheld": "{count, plural, one {# promise} other {# promises}} with no named person left out.",
  "holderRecord.panelTitle": "What we promised {name}",
  "holderRecord.panelNone": "Nothing was promised to {name} in this window.",
  "holderRecord.panelHandover": "Open promises handed over to a successor count for the successor.",
  "holderRecord.due": "Due",
  "holderRecord.verdict.kept": "Kept",
  "holderRecord.verdict.late_with_notice": "Late with notice",
  "holderRecord.verdict.open": "Open",
  "holderRecord.verdict.withdrawn": "Withdrawn with agreement",
  "holderRecord.verdict.unconfirmed": "Recorded after its date: left out until the customer confirms",
  "holderRecord.reason.late_without_notice": "Surprise: late without notice",
  "holderRecord.reason.overdue": "Surprise: overdue without notice",
  "holderRecord.reason.missed": "Surprise: missed",
  "holderRecord.reason.partial": "Surprise: partly delivered",
  "holderRecord.reason.disputed": "Surprise: disputed",
  "holderRecord.daysLate": "{days, plural, one {# day late} other {# days late}}",
  "holderRecord.attending": "Attending {title}, {date}",
  "holderRecord.noMeeting": "No meeting is planned. Plan one to see here what was promised to the people attending.",
  "holderRecord.noAttendees": "Nobody of the customer is named for it yet.",
} as const;

export const fi: Record<keyof typeof en, string> = {
  "holderRecord.column": "Luvattu, {months, plural, one {viimeinen kuukausi} other {viimeiset # kuukautta}}",
  "holderRecord.promised": "{count, plural, one {# luvattu} other {# luvattu}}",
  "holderRecord.part.kept": "{count, plural, one {# toteutui} other {# toteutui}}",
  "holderRecord.part.lateWithNotice":
    "{count, plural, one {# myöhästyi ennakkoilmoituksella} other {# myöhästyi ennakkoilmoituksella}}",
  "holderRecord.part.late_without_notice":
    "{count, plural, one {# myöhästyi ilman ennakkoilmoitusta} other {# myöhästyi ilman ennakkoilmoitusta}}",
  "holderRecord.part.overdue":
    "{count, plural, one {# myöhässä ilman ennakkoilmoitusta} other {# myöhässä ilman ennakkoilmoitusta}}",
  "holderRecord.part.missed": "{count, plural, one {# jäi toteutumatta} other {# jäi toteutumatta}}",
  "holderRecord.part.partial": "{count, plural, one {# toteutui osittain} other {# toteutui osittain}}",
  "holderRecord.part.disputed": "{count, plural, one {# kiistetty} other {# kiistetty}}",
  "holderRecord.part.open": "{count, plural, one {# yhä avoinna} other {# yhä avoinna}}",
  "holderRecord.part.withdrawn": "{count, plural, one {# peruttu yhdessä sopien} other {# peruttu yhdessä sopien}}",
  "holderRecord.part.unconfirmed":
    "{count, plural, one {# kirjattu eräpäivänsä jälkeen, odottaa asiakkaan vahvistusta} other {# kirjattu eräpäivänsä jälkeen, odottaa asiakkaan vahvistusta}}",
  "holderRecord.none": "Ei lupauksia",
  "holderRecord.predictability": "Ennustettavuus {value} (otos {sample})",
  "holderRecord.notEnoughData":
    "Ennustettavuus: liian vähän tietoa ({sample, plural, =0 {mikään ei ole erääntynyt} one {# erääntyi} other {# erääntyi}}; tarvitaan {min})",
  "holderRecord.sentence":
    "{name}: luvattu {count, plural, one {# asia} other {# asiaa}} {months, plural, one {viimeisen kuukauden} other {viimeisten # kuukauden}} aikana: {parts}.",
  "holderRecord.sentenceNone":
    "{name}: ei lupauksia {months, plural, one {viimeisen kuukauden} other {viimeisten # kuukauden}} aikana.",
  "holderRecord.summaryTitle": "Ketä yllätimme?",
  "holderRecord.summaryWindow":
    "Kullekin henkilölle annetut lupaukset, joiden eräpäivä osui välille {from} – {to}, ja yhä avoimet. Avoimet ja perutut sekä eräpäivänsä jälkeen kirjatut, joita asiakas ei ole vahvistanut, eivät ole otoksessa.",
  "holderRecord.lean.most_influential":
    "Yllätykset osuivat niihin, joilla on eniten vaikutusvaltaa: vaikutusvallalla painotettu ennustettavuus on {weighted}, kaikkia samoin painottaen {plain}.",
  "holderRecord.lean.less_influential":
    "Yllätykset osuivat enimmäkseen niihin, joilla on vähemmän vaikutusvaltaa: vaikutusvallalla painotettu ennustettavuus on {weighted}, kaikkia samoin painottaen {plain}.",
  "holderRecord.lean.even":
    "Yllätykset jakautuivat tasaisesti vaikutusvallasta riippumatta: vaikutusvallalla painotettu ennustettavuus on {weighted}, kaikkia samoin painottaen {plain}.",
  "holderRecord.lean.no_surprises":
    "Ei yllätyksiä: {sample, plural, one {nimetylle henkilölle annettu # erääntynyt lupaus toteutui} other {kaikki # nimetyille henkilöille annettua erääntynyttä lupausta toteutuivat}} niin kuin heille kerrottiin.",
  "holderRecord.lean.not_enough_data":
    "Liian vähän tietoa sanoa, keihin yllätykset osuivat: {sample, plural, =0 {yksikään nimetylle henkilölle annettu lupaus ei ole erääntynyt} one {# nimetylle henkilölle annettu lupaus on erääntynyt} other {# nimetyille henkilöille annettua lupausta on erääntynyt}}; tarvitaan {min}.",
  "holderRecord.highInfluence":
    "{total, plural, one {# yllätyksestä} other {# yllätyksestä}} {surprises, plural, =0 {yksikään ei osunut} one {# osui} other {# osui}} henkilöihin, joiden vaikutusvalta on 4–5; heille annettuja on {sample} erääntyneistä {all}.",
  "holderRecord.weights":
    "Näin painotetaan: jokainen erääntynyt lupaus painaa tärkeytensä (1–3) kertaa sen henkilön vaikutusvallan (1–5), jolle se annettiin. Lähteneet painavat heille kirjatulla vaikutusvallalla.",
  "holderRecord.leftCounted":
    "{count, plural, one {# lähtenyt henkilö on} other {# lähtenyttä henkilöä on}} mukana luvuissa: heille annetut lupaukset ovat tapahtunutta.",
  "holderRecord.unheld": "{count, plural, one {# lupaus} other {# lupausta}} ilman nimettyä henkilöä jätetty pois.",
  "holderRecord.panelTitle": "Mitä lupasimme: {name}",
  "holderRecord.panelNone": "Henkilölle {name} ei luvattu mitään tällä jaksolla.",
  "holderRecord.panelHandover": "Seuraajalle siirretyt avoimet lupaukset lasketaan seuraajalle.",
  "holderRecord.due": "Eräpäivä",
  "holderRecord.verdict.kept": "Toteutui",
  "holderRecord.verdict.late_with_notice": "Myöhästyi ennakkoilmoituksella",
  "holderRecord.verdict.open": "Avoinna",
  "holderRecord.verdict.withdrawn": "Peruttu yhdessä sopien",
  "holderRecord.verdict.unconfirmed": "Kirjattu eräpäivänsä jälkeen: ei mukana ennen asiakkaan vahvistusta",
  "holderRecord.reason.late_without_notice": "Yllätys: myöhästyi ilman ennakkoilmoitusta",
  "holderRecord.reason.overdue": "Yllätys: myöhässä ilman ennakkoilmoitusta",
  "holderRecord.reason.missed": "Yllätys: jäi toteutumatta",
  "holderRecord.reason.partial": "Yllätys: toteutui osittain",
  "holderRecord.reason.disputed": "Yllätys: kiistetty",
  "holderRecord.daysLate": "{days, plural, one {# päivä myöhässä} other {# päivää myöhässä}}",
  "holderRecord.attending": "Osallistujat: {title}, {date}",
  "holderRecord.noMeeting":
    "Tapaamista ei ole suunniteltu. Suunnittele se, niin näet tässä, mitä osallistujille on luvattu.",
  "holderRecord.noAttendees": "Asiakkaan henkilöitä ei ole vielä nimetty siihen.",
};
