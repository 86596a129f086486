import { describe, expect, it } from "vitest";
import { en } from "#app/i18n/en.ts";
import { formatters, type MessageKey } from "#app/i18n/index.ts";

// Every message that counts something says "1 day" / "1 päivä", never "1 days" /
// "1 päivää": counted nouns go through the catalogue's plural forms.

const EN_PLURAL_NOUNS =
  /\b1 (days|months|weeks|hours|minutes|seconds|accounts|surprises|deliveries|commitments|signals|touchpoints|rows|expectations|factors|people|answers|respondents|errors)\b/;
// A whole word only ("1 päivään", illative, is right): no letter may follow.
const FI_PARTITIVES =
  /(?<!\p{L}|\d)1 (päivää|kuukautta|viikkoa|tuntia|minuuttia|sekuntia|asiakasta|asiakkuutta|yllätystä|toimitusta|sitoumusta|signaalia|kohtaamista|riviä|odotusta|tekijää|virhettä)(?!\p{L})/u;

/** Every parameter of a message, plain or plural, set to 1. */
function ones(template: string): Record<string, number> {
  const names = [...template.matchAll(/\{\s*(\w+)\s*[,}]/g)].map((m) => m[1]!);
  return Object.fromEntries(names.map((n) => [n, 1]));
}

describe("plural forms in the catalogues", () => {
  const keys = Object.keys(en) as MessageKey[];

  it("never says '1 days' in English", () => {
    const { t } = formatters("en");
    const wrong = keys.map((k) => [k, t(k, ones(en[k]))] as const).filter(([, text]) => EN_PLURAL_NOUNS.test(text));
    expect(wrong).toEqual([]);
  });

  it("never says '1 päivää' in Finnish", () => {
    const { t } = formatters("fi");
    const wrong = keys.map((k) => [k, t(k, ones(en[k]))] as const).filter(([, text]) => FI_PARTITIVES.test(text));
    expect(wrong).toEqual([]);
  });

  it("words counts in both languages", () => {
    const en1 = formatters("en").t;
    const fi1 = formatters("fi").t;
    expect(en1("portalCommitments.overdueBy", { days: 1 })).toBe("1 day overdue");
    expect(en1("portalCommitments.overdueBy", { days: 3 })).toBe("3 days overdue");
    expect(fi1("portalCommitments.overdueBy", { days: 1 })).toBe("1 päivä myöhässä");
    expect(fi1("portalCommitments.overdueBy", { days: 3 })).toBe("3 päivää myöhässä");
    expect(en1("portalHome.awaiting", { count: 1 })).toBe("1 delivery is waiting for your confirmation.");
    expect(fi1("portalHome.awaiting", { count: 2 })).toBe("2 toimitusta odottaa vahvistustanne.");
  });
});
