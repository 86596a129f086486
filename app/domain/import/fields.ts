// What each kind of import can fill in, and how a column of someone else's file
// is recognised as one of those fields: by its header, in English or Finnish,
// however it is spelled ("Eräpäivä", "due_date", "Due date" alike).

import { isPlainText } from "../text.ts";

export const IMPORT_KINDS = ["touchpoints", "accounts", "stakeholders", "expectations", "survey_answers"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportField {
  key: string;
  /** A row cannot be imported without it; the mapping must name a column for it. */
  required: boolean;
  /** Header names (any case, accents and punctuation ignored) that mean this field. */
  aliases: string[];
}

const f = (key: string, required: boolean, ...aliases: string[]): ImportField => ({ key, required, aliases });

const ACCOUNT_REF = f("account", true, "account", "account id", "account external id", "account name", "customer",
  "customer id", "customer number", "company", "asiakas", "asiakasnumero", "asiakastunnus", "yritys", "tili");

export const IMPORT_FIELDS: Record<ImportKind, ImportField[]> = {
  touchpoints: [
    ACCOUNT_REF,
    f("external_id", true, "external id", "id", "touchpoint id", "reference", "ref", "tunniste", "viite", "invoice id",
      "case id", "ticket id", "tiketti"),
    f("kind", true, "kind", "type", "touchpoint type", "tyyppi", "laji"),
    f("occurred_at", true, "occurred at", "date", "when", "time", "datetime", "invoice date", "päivämäärä", "pvm", "aika",
      "ajankohta", "laskun päivämäärä", "laskupäivä", "laskun pvm"),
    f("title", false, "title", "subject", "otsikko", "aihe"),
    f("summary", false, "summary", "description", "notes", "yhteenveto", "kuvaus", "muistiinpanot"),
    f("internal_notes", false, "internal notes", "sisäiset muistiinpanot"),
    f("shared_with_customer", false, "shared", "shared with customer", "visible to customer", "jaettu", "jaettu asiakkaalle",
      "näkyy asiakkaalle"),
    f("sentiment", false, "sentiment", "customer sentiment", "tunnelma", "mieliala"),
    f("treatment", false, "treatment", "felt treated", "kohtelu"),
    f("resolved", false, "resolved", "solved", "ratkaistu", "ratkesi"),
    f("emotion_tags", false, "emotions", "emotion tags", "tunteet"),
    f("moment_of_truth", false, "moment of truth", "totuuden hetki"),
    f("positive_surprise", false, "positive surprise", "positiivinen yllätys"),
    f("stakeholders", false, "stakeholders", "participants", "contacts", "stakeholder ids", "osallistujat", "yhteyshenkilöt"),
    f("invoice_number", false, "invoice number", "invoice no", "invoice", "number", "laskunumero", "laskun numero"),
    f("invoice_amount", false, "amount", "invoice amount", "total", "sum", "summa", "määrä", "laskun summa", "yhteensä"),
    f("invoice_currency", false, "currency", "valuutta"),
    f("invoice_due_date", false, "due date", "due", "eräpäivä"),
    f("invoice_paid_on", false, "paid on", "paid", "payment date", "maksettu", "maksupäivä"),
    f("invoice_disputed", false, "disputed", "dispute", "kiistetty", "reklamoitu"),
    f("invoice_dispute_reason", false, "dispute reason", "reklamaation syy", "kiistan syy"),
    f("case_severity", false, "severity", "priority", "vakavuus", "prioriteetti"),
    f("case_status", false, "status", "case status", "tila"),
    f("case_opened_at", false, "opened at", "opened", "created at", "avattu"),
    f("case_sla_hours", false, "sla hours", "sla", "sla h", "palvelutaso tuntia"),
    f("case_resolved_at", false, "resolved at", "closed at", "ratkaistu aika", "suljettu"),
    f("advocacy_polarity", false, "polarity", "positive or negative", "advocacy polarity", "myönteinen vai kielteinen",
      "sävy", "suunta"),
    f("advocacy_source", false, "advocacy source", "heard from", "said by", "referred to", "reference to", "keneltä",
      "kenelle", "kuultu keneltä"),
    f("advocacy_stakeholder", false, "advocacy stakeholder", "advocate", "referrer", "suosittelija", "referenssihenkilö"),
  ],
  accounts: [
    f("external_id", true, "external id", "id", "account id", "customer id", "customer number", "asiakasnumero",
      "asiakastunnus", "tunniste"),
    f("name", true, "name", "account", "account name", "company", "customer", "nimi", "asiakas", "yritys"),
    f("industry", false, "industry", "toimiala"),
    f("tier", false, "tier", "segment", "taso", "asiakasluokka"),
    f("lifecycle_stage", false, "lifecycle stage", "stage", "lifecycle", "vaihe", "elinkaari"),
    f("relationship_start", false, "relationship start", "customer since", "start", "asiakkuus alkanut", "alkanut"),
    f("contract_value", false, "contract value", "value", "arvo", "sopimuksen arvo"),
    f("currency", false, "currency", "valuutta"),
    f("renewal_date", false, "renewal date", "renewal", "uusiminen", "uusimispäivä"),
    f("owner_email", false, "owner", "owner email", "kam", "account manager", "vastuuhenkilö", "omistaja"),
  ],
  stakeholders: [
    ACCOUNT_REF,
    f("external_id", true, "external id", "id", "contact id", "person id", "stakeholder id", "tunniste"),
    f("name", true, "name", "full name", "nimi"),
    f("title", false, "title", "job title", "titteli", "nimike"),
    f("email", false, "email", "e mail", "sähköposti"),
    f("phone", false, "phone", "telephone", "puhelin"),
    f("committee_role", false, "committee role", "role", "buying role", "rooli"),
    f("influence", false, "influence", "vaikutusvalta"),
    f("stance", false, "stance", "asenne"),
    f("reports_to", false, "reports to", "manager", "esihenkilö", "esimies"),
    f("left_on", false, "left on", "left", "lähtenyt"),
  ],
  expectations: [
    ACCOUNT_REF,
    f("external_id", true, "external id", "id", "expectation id", "commitment id", "tunniste"),
    f("title", true, "title", "expectation", "commitment", "otsikko", "odotus", "lupaus"),
    f("description", false, "description", "kuvaus"),
    f("category", false, "category", "kategoria", "luokka"),
    f("importance", false, "importance", "tärkeys"),
    f("due_date", true, "due date", "due", "eräpäivä", "määräpäivä"),
    f("original_due_date", false, "original due date", "alkuperäinen eräpäivä"),
    f("holder", false, "holder", "stakeholder", "held by", "odottaja"),
    f("source", false, "source", "lähde"),
    f("outcome", false, "outcome", "result", "lopputulos"),
    f("delivered_on", false, "delivered on", "delivered", "toimitettu"),
    f("delivery_note", false, "delivery note", "toimitushuomio"),
    f("replan_reason", false, "replan reason", "re-plan reason", "reason for new date", "siirron syy", "uudelleensuunnittelun syy"),
    f("replanned_on", false, "replanned on", "re-planned on", "replan date", "siirretty", "siirtopäivä"),
    f("customer_notified", false, "customer notified", "customer told", "asiakkaalle kerrottu", "asiakasta tiedotettu"),
    f("customer_notified_on", false, "customer notified on", "customer told on", "told on", "kerrottu asiakkaalle", "tiedotettu"),
  ],
  survey_answers: [
    ACCOUNT_REF,
    f("external_id", true, "external id", "id", "answer id", "response id", "vastauksen tunniste", "tunniste"),
    f("stakeholder", true, "stakeholder", "respondent", "contact", "contact id", "stakeholder id", "vastaaja",
      "yhteyshenkilö"),
    f("kind", true, "kind", "type", "question", "survey", "kysymys", "tyyppi", "laji"),
    f("score", true, "score", "rating", "answer", "pisteet", "arvosana", "vastaus"),
    f("comment", false, "comment", "feedback", "verbatim", "kommentti", "palaute", "perustelu"),
    f("answered_at", true, "answered at", "answered on", "answered", "date", "response date", "submitted at", "vastattu",
      "vastauspäivä", "päivämäärä", "pvm"),
    f("source", false, "source", "lähde"),
    f("source_name", false, "source name", "survey tool", "tool", "kyselytyökalu", "työkalu"),
  ],
};

/** Which column (by header name) fills each field; a field left out is not imported. */
export type ColumnMapping = Partial<Record<string, string>>;

/** A mapping value that is not a column but one value for every row ("=invoice"). */
export const CONSTANT_PREFIX = "=";

export function normalizeHeader(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/**
 * A first mapping for a file: the one remembered for its source where those
 * columns still exist, otherwise a column whose header is the field's name or
 * one of its aliases. A suggestion by name uses a column for one field at most;
 * a remembered mapping may use one for several (an invoice number as the external id).
 */
export function suggestMapping(kind: ImportKind, headers: string[], remembered: ColumnMapping = {}): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<string>();
  const fields = IMPORT_FIELDS[kind];
  for (const field of fields) {
    const header = remembered[field.key];
    if (header?.startsWith(CONSTANT_PREFIX)) mapping[field.key] = header;
    else if (header && headers.includes(header)) {
      mapping[field.key] = header;
      used.add(header);
    }
  }
  const byName = new Map<string, string>();
  for (const h of headers) if (!byName.has(normalizeHeader(h))) byName.set(normalizeHeader(h), h);
  for (const field of fields) {
    if (mapping[field.key]) continue;
    for (const name of [field.key, ...field.aliases]) {
      const header = byName.get(normalizeHeader(name));
      if (header && !used.has(header)) {
        mapping[field.key] = header;
        used.add(header);
        break;
      }
    }
  }
  return mapping;
}

/** The mapping without unknown fields or columns the file does not have, and the required fields it leaves out. */
export function checkMapping(kind: ImportKind, headers: string[], mapping: ColumnMapping) {
  const clean: ColumnMapping = {};
  for (const field of IMPORT_FIELDS[kind]) {
    const header = mapping[field.key];
    // A constant is typed by the user: plain text only (see ../text.ts).
    const constant = header?.startsWith(CONSTANT_PREFIX) && header.length > CONSTANT_PREFIX.length && isPlainText(header);
    if (header && (constant || headers.includes(header))) clean[field.key] = header;
  }
  const missing = IMPORT_FIELDS[kind].filter((fl) => fl.required && !clean[fl.key]).map((fl) => fl.key);
  return { mapping: clean, missing };
}
