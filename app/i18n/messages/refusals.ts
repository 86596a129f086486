// Why the database refused an imported row (or an API upsert): one sentence per
// rule of the schema an import can break, named by the field it concerns
// (app/models/import/constraints.server.ts maps each constraint to one of these).

export const en = {
  "import.db.choice": "This is not one of the values allowed here.",
  "import.db.length": "Use between 1 and {max} characters.",
  "import.db.range": "Use a number from {min} to {max}.",
  "import.db.notNegative": "The amount cannot be negative.",
  "import.db.currency": "Use a three-letter currency code such as EUR.",
  "import.db.required": "A value is required here.",
  "import.db.tooLong": "The text is too long for this field.",
  "import.db.numberTooLarge": "The number is too large.",
  "import.db.badValue": "The value cannot be stored in this field.",
  "import.db.externalIdTaken": "Another record with this external id was saved at the same time. Import the file again.",
  "import.db.collision": "The record collided with another saved at the same time. Import the file again.",
  "import.db.accountGone": "The account was deleted during the import.",
  "import.db.touchpointGone": "The touchpoint was deleted during the import.",
  "import.db.expectationGone": "The expectation was deleted during the import.",
  "import.db.userGone": "The user named here no longer exists.",
  "import.db.stakeholderGone": "The stakeholder named here is not on this account's committee.",
  "import.db.reportsToSelf": "A person cannot report to themself.",
  "import.db.slaBeforeOpened": "The SLA must end after the case was opened.",
  "import.db.resolvedBeforeOpened": "A case cannot be resolved before it was opened.",
  "import.db.caseStatusTime": "A resolved or closed case needs the time it was resolved, and an open one must not have it.",
  "import.db.outcomeStatus": "An expectation with an outcome is resolved, and one without an outcome is open.",
  "import.db.customerResponded":
    "The customer has already responded to this expectation's delivery, so it cannot be reopened. Give its outcome.",
};

export const fi: Record<keyof typeof en, string> = {
  "import.db.choice": "Arvo ei ole mikään tähän sallituista.",
  "import.db.length": "Käytä 1–{max} merkkiä.",
  "import.db.range": "Anna luku väliltä {min}–{max}.",
  "import.db.notNegative": "Summa ei voi olla negatiivinen.",
  "import.db.currency": "Käytä kolmikirjaimista valuuttakoodia, kuten EUR.",
  "import.db.required": "Tähän tarvitaan arvo.",
  "import.db.tooLong": "Teksti on liian pitkä tähän kenttään.",
  "import.db.numberTooLarge": "Luku on liian suuri.",
  "import.db.badValue": "Arvoa ei voi tallentaa tähän kenttään.",
  "import.db.externalIdTaken": "Samalla ulkoisella tunnisteella tallennettiin samaan aikaan toinen tietue. Tuo tiedosto uudelleen.",
  "import.db.collision": "Tietue törmäsi toiseen samaan aikaan tallennettuun. Tuo tiedosto uudelleen.",
  "import.db.accountGone": "Asiakkuus poistettiin tuonnin aikana.",
  "import.db.touchpointGone": "Kohtaaminen poistettiin tuonnin aikana.",
  "import.db.expectationGone": "Odotus poistettiin tuonnin aikana.",
  "import.db.userGone": "Tässä nimettyä käyttäjää ei enää ole.",
  "import.db.stakeholderGone": "Tässä nimetty henkilö ei kuulu tämän asiakkuuden ostoryhmään.",
  "import.db.reportsToSelf": "Henkilö ei voi raportoida itselleen.",
  "import.db.slaBeforeOpened": "Palvelutason määräajan on päätyttävä tapauksen avaamisen jälkeen.",
  "import.db.resolvedBeforeOpened": "Tapausta ei voi ratkaista ennen kuin se on avattu.",
  "import.db.caseStatusTime": "Ratkaistulla tai suljetulla tapauksella on oltava ratkaisuaika, avoimella ei saa olla.",
  "import.db.outcomeStatus": "Odotus, jolla on lopputulos, on ratkaistu; odotus ilman lopputulosta on avoin.",
  "import.db.customerResponded":
    "Asiakas on jo vastannut tämän odotuksen toimitukseen, joten sitä ei voi avata uudelleen. Anna sen lopputulos.",
};
