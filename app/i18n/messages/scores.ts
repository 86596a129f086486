// Messages for health, its factors and bands, risk signals and the scoring
// settings' validation. A signal's reason is filled from its stored params
// (risk_signals.params, named as in app/domain/risk-rules.ts, plus `name` for
// stakeholder evidence and `title` for support cases): dates formatted, the
// committee role translated. Some rules word their reason differently by case:
// signalReasonKey picks the message (the variant is the domain's: app/domain/risk/reason.ts).
import type { RiskRule } from "#app/domain/risk-rules.ts";
import { signalReasonVariant } from "#app/domain/risk/reason.ts";

export const scoresEn = {
  "scoringSettings.weightsAllZero": "At least one weight must be above zero.",
  "scoringSettings.watchBelowHealthy": "The watch threshold must be below the healthy threshold.",

  "health.factor.predictability": "Predictability",
  "health.factor.sentiment": "Sentiment trend",
  "health.factor.nps": "Relationship NPS",
  "health.factor.dm_engagement": "Decision-maker engagement",
  "health.factor.support": "Support burden",
  "health.factor.invoices": "Invoice troubles",
  "health.factor.coverage": "Committee coverage",
  "health.band.healthy": "Healthy",
  "health.band.watch": "Watch",
  "health.band.at_risk": "At risk",
  "health.band.not_enough_data": "Not enough data",

  "signal.rule.key_person_left": "Key person left",
  "signal.rule.expectation_overdue": "Expectation overdue",
  "signal.rule.expectation_due_soon": "Expectation due soon",
  "signal.rule.repeated_surprises": "Repeated surprises",
  "signal.rule.influential_detractor": "Influential detractor",
  "signal.rule.no_dm_contact": "No decision-maker contact",
  "signal.rule.sentiment_falling": "Sentiment falling",
  "signal.rule.renewal_at_risk": "Renewal at risk",
  "signal.rule.invoice_trouble": "Invoice trouble",
  "signal.rule.support_past_sla": "Support case past SLA",
  "signal.rule.solved_treated_badly": "Solved but treated badly",
  "signal.rule.below_expected": "Below what the customer expected",
  "signal.rule.delivery_disputed": "Delivery disputed",
  "signal.rule.notice_contested": "Notice contested",
  "signal.rule.proposal_unanswered": "Customer's expectation unanswered",

  "signal.reason.key_person_left": "{name}, our {role}, left on {leftOn}, and no one active holds the role now.",
  "signal.reason.expectation_overdue": "“{title}” was due on {dueDate} and is {daysOverdue, plural, one {# day} other {# days}} overdue.",
  "signal.reason.expectation_due_soon": "“{title}” is due on {dueDate}, and nothing has been delivered yet.",
  "signal.reason.repeated_surprises": "{count, plural, one {# surprise} other {# surprises}} among the expectations due in the last {days, plural, one {# day} other {# days}}.",
  "signal.reason.influential_detractor":
    "{name}, with influence {influence} of 5, gave {score} of 10 when asked whether they would recommend us.",
  "signal.reason.influential_detractor.left":
    "{name}, with influence {influence} of 5, gave {score} of 10 when asked whether they would recommend us, and has since left (on {leftOn}): the answer still counts.",
  "signal.reason.no_dm_contact": "No two-way contact with a decision maker in {days, plural, one {# day} other {# days}} (the limit is {limitDays}).",
  "signal.reason.no_dm_contact.never": "There has never been two-way contact with a decision maker.",
  "signal.reason.no_dm_contact.noDecisionMaker": "No active decision maker is known: we do not know whom to talk to.",
  "signal.reason.sentiment_falling":
    "Customer sentiment fell in each of the last three rated touchpoints ({sentiments}).",
  "signal.reason.renewal_at_risk":
    "The renewal is on {renewalDate}, in {daysToRenewal, plural, one {# day} other {# days}}, and health is {health}, under the watch band ({watchFrom}).",
  "signal.reason.invoice_trouble": "Invoice {number} was due on {dueDate} and has been unpaid for {daysOverdue, plural, one {# day} other {# days}}.",
  "signal.reason.invoice_trouble.disputed": "The customer disputes invoice {number}, due on {dueDate}.",
  "signal.reason.support_past_sla": "Support case “{title}” is {hoursPastSla, plural, one {# hour} other {# hours}} past its SLA.",
  "signal.reason.delivery_disputed": "The customer says “{title}” (due on {dueDate}) was only partly delivered.",
  "signal.reason.delivery_disputed.notDelivered": "The customer says “{title}” (due on {dueDate}) was not delivered.",
  "signal.reason.notice_contested":
    "The customer says they were not told that “{title}” moves from {fromDueDate} to {toDueDate} (recorded as told on {claimedOn}): a surprise.",
  "signal.reason.proposal_unanswered":
    "The customer stated “{title}” on {statedOn}, asking for it by {dueDate}, and has had no answer for {daysWaiting, plural, one {# day} other {# days}}: accept it or decline it with a reason.",
  "signal.reason.proposal_unanswered.datePassed":
    "The customer stated “{title}” on {statedOn}, asking for it by {dueDate}: that date passed {daysPastDue, plural, one {# day} other {# days}} ago and they still have no answer. Accept it or decline it with a reason.",
  "signal.reason.below_expected":
    "The customer's {count, plural, one {newest rating says} other {# newest ratings in a row say}} “below what I expected” (within {days, plural, one {# day} other {# days}}); the latest: “{title}”.",
  "signal.reason.solved_treated_badly":
    "{count, plural, one {# matter was} other {# matters were}} solved in the last {days, plural, one {# day} other {# days}}, but the customer felt treated badly; the latest: “{title}”.",
};

export const scoresFi: Record<keyof typeof scoresEn, string> = {
  "scoringSettings.weightsAllZero": "Ainakin yhden painon on oltava suurempi kuin nolla.",
  "scoringSettings.watchBelowHealthy": "Tarkkailurajan on oltava pienempi kuin terveen tilan raja.",

  "health.factor.predictability": "Ennustettavuus",
  "health.factor.sentiment": "Tunnelman suunta",
  "health.factor.nps": "Asiakassuhteen NPS",
  "health.factor.dm_engagement": "Yhteys päättäjiin",
  "health.factor.support": "Tukipyyntöjen kuorma",
  "health.factor.invoices": "Laskuongelmat",
  "health.factor.coverage": "Ostoryhmän kattavuus",
  "health.band.healthy": "Terve",
  "health.band.watch": "Tarkkailtava",
  "health.band.at_risk": "Vaarassa",
  "health.band.not_enough_data": "Liian vähän tietoa",

  "signal.rule.key_person_left": "Avainhenkilö lähti",
  "signal.rule.expectation_overdue": "Odotus myöhässä",
  "signal.rule.expectation_due_soon": "Odotus erääntymässä",
  "signal.rule.repeated_surprises": "Toistuvia yllätyksiä",
  "signal.rule.influential_detractor": "Vaikutusvaltainen arvostelija",
  "signal.rule.no_dm_contact": "Ei yhteyttä päättäjään",
  "signal.rule.sentiment_falling": "Tunnelma laskee",
  "signal.rule.renewal_at_risk": "Sopimuksen jatko vaarassa",
  "signal.rule.invoice_trouble": "Laskuongelma",
  "signal.rule.support_past_sla": "Tukipyyntö yli palvelutason",
  "signal.rule.solved_treated_badly": "Ratkaistu, mutta kohdeltu huonosti",
  "signal.rule.below_expected": "Asiakkaan odotuksia heikompi",
  "signal.rule.delivery_disputed": "Toimitus kiistetty",
  "signal.rule.notice_contested": "Ilmoitus kiistetty",
  "signal.rule.proposal_unanswered": "Asiakkaan odotus vailla vastausta",

  "signal.reason.key_person_left": "{name} ({role}) lähti {leftOn}, eikä roolissa ole nyt ketään aktiivista.",
  "signal.reason.expectation_overdue": "”{title}” erääntyi {dueDate} ja on {daysOverdue, plural, one {# päivä} other {# päivää}} myöhässä.",
  "signal.reason.expectation_due_soon": "”{title}” erääntyy {dueDate}, eikä mitään ole vielä toimitettu.",
  "signal.reason.repeated_surprises": "{count, plural, one {# yllätys} other {# yllätystä}} viimeisten {days} päivän aikana erääntyneissä odotuksissa.",
  "signal.reason.influential_detractor":
    "{name} (vaikutusvalta {influence}/5) antoi suositteluhalukkuudelleen arvosanan {score}/10.",
  "signal.reason.influential_detractor.left":
    "{name} (vaikutusvalta {influence}/5) antoi suositteluhalukkuudelleen arvosanan {score}/10 ja on sittemmin lähtenyt ({leftOn}): vastaus lasketaan yhä.",
  "signal.reason.no_dm_contact":
    "Päättäjän kanssa ei ole ollut kaksisuuntaista yhteyttä {days} päivään (raja on {limitDays}).",
  "signal.reason.no_dm_contact.never": "Päättäjän kanssa ei ole koskaan ollut kaksisuuntaista yhteyttä.",
  "signal.reason.no_dm_contact.noDecisionMaker": "Aktiivista päättäjää ei tiedetä: emme tiedä, kenen kanssa puhua.",
  "signal.reason.sentiment_falling":
    "Asiakkaan tunnelma on laskenut kolmessa viimeisimmässä arvioidussa kohtaamisessa ({sentiments}).",
  "signal.reason.renewal_at_risk":
    "Sopimus uusitaan {renewalDate}, {daysToRenewal} päivän kuluttua, ja terveys on {health}, alle tarkkailurajan ({watchFrom}).",
  "signal.reason.invoice_trouble": "Lasku {number} erääntyi {dueDate} ja on ollut maksamatta {daysOverdue, plural, one {# päivä} other {# päivää}}.",
  "signal.reason.invoice_trouble.disputed": "Asiakas on riitauttanut laskun {number}, jonka eräpäivä on {dueDate}.",
  "signal.reason.support_past_sla": "Tukipyyntö ”{title}” on ylittänyt palvelutasonsa {hoursPastSla} tunnilla.",
  "signal.reason.delivery_disputed": "Asiakkaan mukaan ”{title}” (eräpäivä {dueDate}) toimitettiin vain osittain.",
  "signal.reason.delivery_disputed.notDelivered": "Asiakkaan mukaan ”{title}” (eräpäivä {dueDate}) jäi toimittamatta.",
  "signal.reason.notice_contested":
    "Asiakkaan mukaan hänelle ei kerrottu, että ”{title}” siirtyy {fromDueDate} → {toDueDate} (kirjattu kerrotuksi {claimedOn}): yllätys.",
  "signal.reason.proposal_unanswered":
    "Asiakas kertoi odotuksensa ”{title}” {statedOn} ja pyysi sitä {dueDate} mennessä, eikä ole saanut vastausta {daysWaiting} päivään: hyväksy se tai hylkää se perustellen.",
  "signal.reason.proposal_unanswered.datePassed":
    "Asiakas kertoi odotuksensa ”{title}” {statedOn} ja pyysi sitä {dueDate} mennessä: päivä meni {daysPastDue, plural, one {# päivä} other {# päivää}} sitten, eikä asiakas ole vieläkään saanut vastausta. Hyväksy se tai hylkää se perustellen.",
  "signal.reason.below_expected":
    "Asiakkaan {count, plural, one {uusin arvio on} other {# uusinta arviota peräkkäin ovat}} ”odotuksiani heikompi” (viimeisten {days} päivän aikana); viimeisin: ”{title}”.",
  "signal.reason.solved_treated_badly":
    "Viimeisten {days} päivän aikana {count, plural, one {# asia ratkaistiin} other {# asiaa ratkaistiin}}, mutta asiakas koki tulleensa kohdelluksi huonosti; viimeisin: ”{title}”.",
};

export { scoresEn as en, scoresFi as fi };

type ScoreMessageKey = keyof typeof scoresEn;

/** The message for a signal's reason: the rule's own, or its variant for the case at hand (signalReasonVariant). */
export function signalReasonKey(rule: RiskRule, params: unknown): ScoreMessageKey {
  const variant = signalReasonVariant(rule, params);
  return (variant ? `signal.reason.${rule}.${variant}` : `signal.reason.${rule}`) as ScoreMessageKey;
}
