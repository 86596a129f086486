// References, referrals and word of mouth as touchpoints (issue 14, item 7):
// the rule of what they carry, apart from app/domain/advocacy.ts so the pages
// that only read advocacy do not carry the write paths' messages.
import { isAdvocacyKind } from "./advocacy.ts";
import { POLARITIES, type Polarity } from "./vocabulary.ts";

export { isAdvocacyKind };

// The rule every path that writes a touchpoint applies (the staff form, the
// API, the CSV import; the database's CHECK holds the same):
// - a reference given, a referral given and word of mouth carry a polarity,
//   positive or negative, and a source: who said it, or to whom (free text,
//   at most ADVOCACY_SOURCE_MAX characters), and may name one of the
//   account's people. With a person named the source text may be left empty:
//   the person's name is then the source.
// - other kinds carry none of these: whatever is sent for them is ignored
//   (without JavaScript the log form sends every kind's fields).

export const ADVOCACY_SOURCE_MAX = 200;

export interface AdvocacyFacts {
  polarity?: string | null | undefined;
  source?: string | null | undefined;
  /** The account's person named (an id, or an external id in files), if any. */
  stakeholder?: string | null | undefined;
}

export type AdvocacyField = "advocacy_polarity" | "advocacy_source";

export interface AdvocacyBreach {
  field: AdvocacyField;
  /** A message key (app/i18n/messages/advocacy.ts). */
  key: "advocacy.polarityRequired" | "advocacy.sourceRequired" | "advocacy.sourceTooLong";
}

/** What is missing or wrong in a touchpoint's advocacy facts for its kind; none for other kinds. */
export function advocacyBreaches(kind: string, facts: AdvocacyFacts): AdvocacyBreach[] {
  if (!isAdvocacyKind(kind)) return [];
  const breaches: AdvocacyBreach[] = [];
  if (!facts.polarity || !(POLARITIES as readonly string[]).includes(facts.polarity)) {
    breaches.push({ field: "advocacy_polarity", key: "advocacy.polarityRequired" });
  }
  const source = facts.source?.trim() ?? "";
  if (source.length > ADVOCACY_SOURCE_MAX) breaches.push({ field: "advocacy_source", key: "advocacy.sourceTooLong" });
  else if (source === "" && !facts.stakeholder) breaches.push({ field: "advocacy_source", key: "advocacy.sourceRequired" });
  return breaches;
}

export interface AdvocacyColumns {
  advocacy_polarity: Polarity | null;
  advocacy_source: string | null;
  advocacy_stakeholder_id: string | null;
}

/**
 * The columns a touchpoint stores: for these kinds the polarity, the source
 * (the named person's name when the text is empty) and the person; for other
 * kinds nothing. Call it on facts that passed advocacyBreaches.
 */
export function advocacyColumns(
  kind: string,
  facts: AdvocacyFacts,
  person: { id: string; name: string } | null,
): AdvocacyColumns {
  if (!isAdvocacyKind(kind)) return { advocacy_polarity: null, advocacy_source: null, advocacy_stakeholder_id: null };
  const text = facts.source?.trim() ?? "";
  return {
    advocacy_polarity: facts.polarity as Polarity,
    advocacy_source: (text || person?.name || "").slice(0, ADVOCACY_SOURCE_MAX),
    advocacy_stakeholder_id: person?.id ?? null,
  };
}

