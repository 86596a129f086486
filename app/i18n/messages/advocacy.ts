// Messages for successor handovers, planned positive surprises and advocacy
// (issue 14, items 5–7).

export const en = {
  "handover.heading": "Name a successor",
  "handover.help":
    "Who takes over from them at the customer. {count, plural, =0 {They hold no open expectations.} one {The # open expectation they hold moves to the successor (the customer sees the new holder in the portal).} other {The # open expectations they hold move to the successor (the customer sees the new holder in the portal).}}",
  "handover.successor": "Successor",
  "handover.choose": "Choose a person",
  "handover.nobody": "Nobody else is mapped at the customer yet. Add the successor to the buying committee first.",
  "handover.firstMeeting": "First meeting with the successor (optional)",
  "handover.firstMeetingHint": "Put on your calendar as a moment of truth: the first meeting decides how the new person sees us.",
  "handover.takeRole": "The successor takes over the role ({role})",
  "handover.submit": "Hand over",
  "handover.done": "Handed over. Their open expectations are now the successor's.",
  "handover.handedOverTo": "Handed over on {date} to",
  "handover.tookOverFrom": "Took over from",
  "handover.on": "Handed over on {date}.",
  "handover.record":
    "Promised {name} {promised, plural, one {# thing} other {# things}}: {kept} kept, {notKept} not as promised, {surprises, plural, =0 {no surprises} one {# surprise} other {# surprises}}; {moved} moved on.",
  "handover.recordNone": "Nothing was promised to {name}.",
  "handover.surprise": "Surprise",
  "handover.moved": "Now {name}'s",
  "handover.firstMeetingPrompt": "The first meeting with {name} is a moment of truth: how it goes sets how they see us.",
  "handover.logFirstMeeting": "Log the first meeting",
  "handover.firstMeetingTitle": "First meeting with {name}",
  "handover.firstMeetingNotes": "Took over from {name}. Go through what was promised to them and how it went.",
  "handover.notLeft": "Only someone who has left can hand over.",
  "handover.alreadyHandedOver": "A successor is already named.",
  "handover.successorSelf": "Choose someone else than the one who left.",
  "handover.successorNotOnAccount": "Choose a person of this account's buying committee.",
  "handover.successorLeft": "The successor has left the customer too. Choose someone who is still there.",
} as const;

export const fi: Record<keyof typeof en, string> = {
  "handover.heading": "Nimeä seuraaja",
  "handover.help":
    "Kuka jatkaa hänen tehtävässään asiakkaalla. {count, plural, =0 {Hänellä ei ole avoimia odotuksia.} one {Hänen ainoa avoin odotuksensa siirtyy seuraajalle (asiakas näkee portaalissa uuden haltijan).} other {Hänen # avointa odotustaan siirtyvät seuraajalle (asiakas näkee portaalissa uuden haltijan).}}",
  "handover.successor": "Seuraaja",
  "handover.choose": "Valitse henkilö",
  "handover.nobody": "Asiakkaalta ei ole vielä kirjattu ketään muuta. Lisää seuraaja ensin ostoryhmään.",
  "handover.firstMeeting": "Ensimmäinen tapaaminen seuraajan kanssa (valinnainen)",
  "handover.firstMeetingHint": "Kirjataan kalenteriisi totuuden hetkeksi: ensimmäinen tapaaminen ratkaisee, millaisena uusi henkilö meidät näkee.",
  "handover.takeRole": "Seuraaja ottaa myös roolin ({role})",
  "handover.submit": "Siirrä seuraajalle",
  "handover.done": "Siirretty. Hänen avoimet odotuksensa ovat nyt seuraajan.",
  "handover.handedOverTo": "Siirretty {date} seuraajalle",
  "handover.tookOverFrom": "Jatkaa henkilöltä",
  "handover.on": "Siirretty {date}.",
  "handover.record":
    "Henkilölle {name} luvattiin {promised, plural, one {# asia} other {# asiaa}}: {kept} toteutui, {notKept} ei kuten luvattiin, {surprises, plural, =0 {ei yllätyksiä} one {# yllätys} other {# yllätystä}}; {moved} siirtyi eteenpäin.",
  "handover.recordNone": "Henkilölle {name} ei luvattu mitään.",
  "handover.surprise": "Yllätys",
  "handover.moved": "Nyt henkilöllä {name}",
  "handover.firstMeetingPrompt": "Ensimmäinen tapaaminen henkilön {name} kanssa on totuuden hetki: sen kulku määrää, millaisena hän meidät näkee.",
  "handover.logFirstMeeting": "Kirjaa ensimmäinen tapaaminen",
  "handover.firstMeetingTitle": "Ensimmäinen tapaaminen: {name}",
  "handover.firstMeetingNotes": "Jatkaa henkilöltä {name}. Käykää läpi, mitä hänelle luvattiin ja miten se meni.",
  "handover.notLeft": "Vain yrityksestä lähteneen tehtävät voi siirtää.",
  "handover.alreadyHandedOver": "Seuraaja on jo nimetty.",
  "handover.successorSelf": "Valitse joku muu kuin lähtenyt henkilö.",
  "handover.successorNotOnAccount": "Valitse henkilö tämän asiakkaan ostoryhmästä.",
  "handover.successorLeft": "Myös seuraaja on lähtenyt asiakkaalta. Valitse joku, joka on yhä siellä.",
};
