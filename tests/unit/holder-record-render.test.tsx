import { describe, expect, it } from "vitest";
import { renderInPage as render } from "#tests/setup/render-page.tsx";
import { InfluenceSummary, RecordLine, recordSentence } from "#app/components/holder-record.tsx";
import { holderRecords, type HeldExpectation } from "#app/domain/holder-record.ts";
import { formatters } from "#app/i18n/index.ts";

// The record as people read it: the brief's sentence and the committee's line
// and summary, in both languages, counts through the catalogue's plurals.

const today = "2026-11-22";
const held = (id: string, holderId: string, over: Partial<HeldExpectation> = {}): HeldExpectation => ({
  id,
  holderId,
  importance: 1,
  originalDueDate: "2026-06-01",
  dueDate: "2026-06-01",
  status: "resolved",
  outcome: "kept",
  deliveredOn: "2026-06-01",
  customerResponse: null,
  replans: [],
  ...over,
});
const anna = { id: "a", name: "Anna Virtanen", influence: 5, leftOn: null };
const ben = { id: "b", name: "Ben Berg", influence: 1, leftOn: null };
const annaFour = [
  held("1", "a"),
  held("2", "a"),
  held("3", "a"),
  held("4", "a", { outcome: "late", deliveredOn: "2026-06-11" }),
];

describe("the record in words", () => {
  it("says the brief's sentence in English and Finnish", () => {
    const { counts } = holderRecords([anna], annaFour, { today }).people[0]!;
    expect(recordSentence(formatters("en").t, "Anna Virtanen", counts, 12)).toBe(
      "Promised Anna Virtanen 4 things in the last 12 months: 3 kept, 1 late without notice.",
    );
    expect(recordSentence(formatters("fi").t, "Anna Virtanen", counts, 12)).toBe(
      "Anna Virtanen: luvattu 4 asiaa viimeisten 12 kuukauden aikana: 3 toteutui, 1 myöhästyi ilman ennakkoilmoitusta.",
    );
  });

  it("uses the singular for one, and says when nothing was promised", () => {
    const one = holderRecords([anna], [held("1", "a")], { today }).people[0]!.counts;
    expect(recordSentence(formatters("en").t, "Anna", one, 1)).toBe(
      "Promised Anna 1 thing in the last 1 month: 1 kept.",
    );
    expect(recordSentence(formatters("fi").t, "Anna", one, 1)).toBe(
      "Anna: luvattu 1 asia viimeisen kuukauden aikana: 1 toteutui.",
    );
    const none = holderRecords([anna], [], { today }).people[0]!.counts;
    expect(recordSentence(formatters("en").t, "Anna", none, 12)).toBe(
      "Nothing was promised to Anna in the last 12 months.",
    );
  });

  it("shows the compact line and 'not enough data' under five", async () => {
    const r = holderRecords([anna], annaFour, { today }).people[0]!;
    const html = await render(<RecordLine counts={r.counts} predictability={r.predictability} />);
    expect(html).toContain("4 promised · 3 kept · 1 late without notice");
    expect(html).toContain("Predictability: not enough data (4 came due; 5 needed)");
  });

  it("says where the surprises fell, with the weighting and the percentages in the reader's language", async () => {
    const exps = [...annaFour, held("b1", "b"), held("b2", "b")];
    const r = holderRecords([anna, ben], exps, { today });
    // Plain 5/6; weighted (5·3 + 1·2) / (5·4 + 1·2) = 17/22: lower by 6 points.
    expect(r.rollup.leaning).toBe("most_influential");
    const props = { rollup: r.rollup, window: r.window, leftWithRecord: 0 };
    const en = await render(<InfluenceSummary {...props} />);
    expect(en).toContain(
      "Surprises fell on the people who matter most: weighted by influence, predictability is 77%, against 83% when everyone counts the same.",
    );
    expect(en).toContain("Of 1 surprise, 1 fell on people of influence 4–5, who hold 4 of the 6 that came due.");
    expect(en).toContain("importance (1–3) times the influence (1–5)");
    const fi = await render(<InfluenceSummary {...props} />, "fi");
    expect(fi).toMatch(/vaikutusvallalla painotettu ennustettavuus on 77\s%, kaikkia samoin painottaen 83\s%\./);
  });

  it("says not enough data under the account's minimum sample", async () => {
    const r = holderRecords([anna], annaFour, { today });
    const html = await render(<InfluenceSummary rollup={r.rollup} window={r.window} leftWithRecord={0} />);
    expect(html).toContain(
      "Not enough data to say whom surprises fell on: 4 promises to a named person came due; 5 needed.",
    );
  });
});
