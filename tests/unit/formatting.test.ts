import { describe, expect, it } from "vitest";
import { formatters, rounded } from "#app/i18n/index.ts";
import { formatMessage } from "#app/i18n/message-format.ts";

// The one formatting layer (app/i18n/index.ts and message-format.ts) in both
// languages: decimals, percentages, signs and plurals. Finnish separates
// thousands with a no-break space and uses a decimal comma and a real minus sign.
const NBSP = "\u00a0";
const fi = formatters("fi");
const en = formatters("en");

describe("decimals by locale", () => {
  it("never writes a decimal point in Finnish", () => {
    expect(fi.number(49.1, 1)).toBe("49,1");
    expect(en.number(49.1, 1)).toBe("49.1");
    expect(fi.decimal(49, 1)).toBe("49,0");
    expect(en.decimal(49, 1)).toBe("49.0");
    expect(fi.decimal("49.06", 1)).toBe("49,1");
    expect(fi.number(1234567.25, 2)).toBe(`1${NBSP}234${NBSP}567,25`);
    expect(en.number(1234567.25, 2)).toBe("1,234,567.25");
  });

  it("rounds to the digits asked and shows no minus for what rounds to zero", () => {
    expect(fi.number(14.46, 1)).toBe("14,5");
    expect(en.number(14.46)).toBe("14");
    expect(fi.number(-0.04, 1)).toBe("0");
    expect(fi.number(-3.5, 1)).toBe("−3,5");
    expect(en.number(-3.5, 1)).toBe("-3.5");
  });

  it("shows nothing for a missing figure and reads numeric columns given as strings", () => {
    expect(fi.number(null)).toBe("");
    expect(fi.number("")).toBe("");
    expect(fi.number("not a number")).toBe("");
    expect(fi.decimal("72.5", 1)).toBe("72,5");
  });
});

describe("percentages", () => {
  it("writes a share the way each language does: '67 %' in Finnish, '67%' in English", () => {
    expect(fi.percent(0.67)).toBe(`67${NBSP}%`);
    expect(en.percent(0.67)).toBe("67%");
    expect(fi.percent("0.6667")).toBe(`67${NBSP}%`);
    expect(fi.percent(0.4567, 1)).toBe(`45,7${NBSP}%`);
    expect(en.percent(0.4567, 1)).toBe("45.7%");
    expect(fi.percent(0)).toBe(`0${NBSP}%`);
    expect(en.percent(1)).toBe("100%");
  });

  it("says '—' rather than 0 % when there is no figure", () => {
    expect(fi.percent(null)).toBe("—");
    expect(en.percent(undefined)).toBe("—");
  });

  it("is the same figure in a message's {n, number, percent}", () => {
    expect(formatMessage("{v, number, percent}", { v: 0.67 }, "fi-FI")).toBe(`67${NBSP}%`);
    expect(formatMessage("{v, number, percent}", { v: 0.67 }, "en-GB")).toBe("67%");
  });
});

describe("signs", () => {
  it("shows the sign of a balance or a change always, and none on zero", () => {
    expect(fi.signed(67)).toBe("+67");
    expect(en.signed(67)).toBe("+67");
    expect(fi.signed(-12)).toBe("−12");
    expect(en.signed(-12)).toBe("-12");
    expect(fi.signed(0)).toBe("0");
    expect(fi.signed("0.04", 1)).toBe("0,0");
    expect(fi.signed(-0.04, 1)).toBe("0,0");
    expect(fi.signed(0.45, 1)).toBe("+0,5");
    expect(en.signed("-1.25", 1)).toBe("-1.3");
    expect(fi.signed(null)).toBe("—");
  });

  it("is the same in a message's ICU skeleton", () => {
    expect(formatMessage("{d, number, ::sign-except-zero .0}", { d: 2.345 }, "fi-FI")).toBe("+2,3");
    expect(formatMessage("{d, number, ::+? .0}", { d: -2.345 }, "en-GB")).toBe("-2.3");
    expect(formatMessage("{d, number, ::sign-except-zero}", { d: 0 }, "en-GB")).toBe("0");
  });
});

describe("plurals", () => {
  it("agrees the noun with the count in both languages", () => {
    const days = (n: number, f = en) => f.t("portalCommitments.overdueBy", { days: n });
    expect([0, 1, 2, 21].map((n) => days(n))).toEqual(["0 days overdue", "1 day overdue", "2 days overdue", "21 days overdue"]);
    expect([0, 1, 2, 21].map((n) => days(n, fi))).toEqual([
      "0 päivää myöhässä",
      "1 päivä myöhässä",
      "2 päivää myöhässä",
      "21 päivää myöhässä",
    ]);
  });

  it("formats the count in # for the locale", () => {
    expect(fi.t("import.start", { count: 12500 })).toBe(`Tuo 12${NBSP}500 riviä`);
    expect(en.t("import.start", { count: 12500 })).toBe("Import 12,500 rows");
    expect(en.t("import.start", { count: 1 })).toBe("Import 1 row");
    expect(fi.t("import.start", { count: 1 })).toBe("Tuo 1 rivi");
  });

  it("picks the form for a decimal count as it is shown", () => {
    const lateness = (f: typeof en, days: number) => f.t("predictability.latenessValue", { days: rounded(days, 1), n: 1 });
    expect(lateness(en, 1.04)).toBe("1 day (1 late delivery)");
    expect(lateness(en, 14.46)).toBe("14.5 days (1 late delivery)");
    expect(lateness(fi, 14.46)).toBe("14,5 päivää (1 myöhästynyt toimitus)");
    expect(lateness(fi, 1)).toBe("1 päivä (1 myöhästynyt toimitus)");
  });

  it("counts respondents and the NPS mix with their nouns", () => {
    expect(fi.t("portfolio.respondents", { count: 1 })).toBe("1 vastaaja");
    expect(fi.t("portfolio.respondents", { count: 6 })).toBe("6 vastaajaa");
    expect(en.t("portfolio.respondents", { count: 1 })).toBe("1 respondent");
    expect(fi.t("relationship.npsMix", { promoters: 2, passives: 1, detractors: 1 })).toBe(
      "2 suosittelijaa, 1 passiivinen, 1 arvostelija",
    );
  });

  it("formats a plain numeric parameter for the locale too", () => {
    expect(fi.t("import.committed", { count: 1500, total: 20000 })).toContain(`1${NBSP}500 / 20${NBSP}000`);
    expect(en.t("import.committed", { count: 1500, total: 20000 })).toContain("1,500 of 20,000");
  });
});

describe("dates on a chart axis", () => {
  it("gives day and month, one per day", () => {
    expect(fi.shortDate("2026-03-05")).toBe("5.3.");
    expect(en.shortDate("2026-03-05")).toBe("5 Mar");
  });
});

describe("no figure formatted by hand in the pages", () => {
  it("leaves toFixed, hand-made percentages and signs to the layer", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const root = path.resolve(import.meta.dirname, "../../app");
    const files = ["components", "routes"].flatMap((dir) =>
      (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[])
        .filter((f) => /\.tsx?$/.test(f))
        .map((f) => path.join(root, dir, f)),
    );
    const byHand = [
      /\.toFixed\(/, // decimals with a point whatever the language
      /\}\s?%`/, // `${x} %`
      /"\+" : ""/, // a sign glued on by hand
    ];
    const found = files.flatMap((file) =>
      fs
        .readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => [path.relative(root, file), i + 1, line.trim()] as const)
        .filter(([, , line]) => byHand.some((re) => re.test(line))),
    );
    expect(found).toEqual([]);
  });
});
