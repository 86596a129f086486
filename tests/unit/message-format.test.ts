import { describe, expect, it } from "vitest";
import { formatters } from "#app/i18n/index.ts";
import { formatMessage } from "#app/i18n/message-format.ts";

describe("formatMessage", () => {
  const days = "{n, plural, one {# day} other {# days}}";
  const päivää = "{n, plural, one {# päivä} other {# päivää}}";

  it("fills plain placeholders and leaves unknown ones as written", () => {
    expect(formatMessage("Hello {name}, {missing}", { name: "Aino" }, "en-GB")).toBe("Hello Aino, {missing}");
    expect(formatMessage("No params {x}", undefined, "en-GB")).toBe("No params {x}");
  });

  it("picks the plural branch by the language's rules, # standing for the number", () => {
    expect([0, 1, 2, 21].map((n) => formatMessage(days, { n }, "en-GB"))).toEqual([
      "0 days",
      "1 day",
      "2 days",
      "21 days",
    ]);
    expect([0, 1, 2, 21].map((n) => formatMessage(päivää, { n }, "fi-FI"))).toEqual([
      "0 päivää",
      "1 päivä",
      "2 päivää",
      "21 päivää",
    ]);
    // The number formatted for the locale, as a plain placeholder shows it.
    expect(formatMessage(päivää, { n: 1500 }, "fi-FI")).toBe("1\u00a0500 päivää");
    expect(formatMessage(days, { n: 1500 }, "en-GB")).toBe("1,500 days");
    // A string is shown as given (already formatted by the caller).
    expect(formatMessage(päivää, { n: "1500" }, "fi-FI")).toBe("1500 päivää");
  });

  it("matches an exact =N branch first, and fills placeholders inside branches", () => {
    const t = "{count, plural, =0 {No accounts for {who}} one {One account for {who}} other {# accounts for {who}}}";
    expect(formatMessage(t, { count: 0, who: "Aino" }, "en-GB")).toBe("No accounts for Aino");
    expect(formatMessage(t, { count: 1, who: "Aino" }, "en-GB")).toBe("One account for Aino");
    expect(formatMessage(t, { count: 3, who: "Aino" }, "en-GB")).toBe("3 accounts for Aino");
  });

  it("keeps text around plurals and braces that are not placeholders", () => {
    expect(
      formatMessage("Due in {n, plural, one {# day} other {# days}} ({date})", { n: 1, date: "5 Dec" }, "en-GB"),
    ).toBe("Due in 1 day (5 Dec)");
    expect(formatMessage('Body {"a": 1} and {n}', { n: 2 }, "en-GB")).toBe('Body {"a": 1} and 2');
  });

  it("reads a template once and fills it the same way every time, in either language", () => {
    const t = "{n, plural, =0 {none} one {# day of {m, number, percent}} other {# days; {m, number, ::+? .0}}}";
    const en = [0, 1, 2, 1500].map((n) => formatMessage(t, { n, m: 0.25 }, "en-GB"));
    const fi = [0, 1, 2, 1500].map((n) => formatMessage(t, { n, m: 0.25 }, "fi-FI"));
    expect(en).toEqual(["none", "1 day of 25%", "2 days; +0.3", "1,500 days; +0.3"]);
    expect(fi).toEqual(["none", "1 day of 25\u00a0%", "2 days; +0,3", "1\u00a0500 days; +0,3"]);
    expect([0, 1, 2, 1500].map((n) => formatMessage(t, { n, m: 0.25 }, "en-GB"))).toEqual(en);
    // A parameter missing on one call and present on the next: the placeholder as written, then the value.
    expect(formatMessage("{a} and {b}", { a: 1 }, "en-GB")).toBe("1 and {b}");
    expect(formatMessage("{a} and {b}", { a: 1, b: "x" }, "en-GB")).toBe("1 and x");
    expect(formatMessage("{n, number}", { n: "many" }, "en-GB")).toBe("many");
  });

  it("lets # stand for its own plural's number, as ICU does, and shows values as given", () => {
    const nested = "{n, plural, other {# of {m, plural, one {# (one)} other {# (many)}}}}";
    expect(formatMessage(nested, { n: 3, m: 1 }, "en-GB")).toBe("3 of 1 (one)");
    expect(formatMessage(nested, { n: 4, m: 2000 }, "en-GB")).toBe("4 of 2,000 (many)");
    // A value is text, never read as a template.
    expect(formatMessage("{n, plural, other {# for {who}}}", { n: "{who}", who: "Aino" }, "en-GB")).toBe(
      "{who} for Aino",
    );
  });

  it("is what t() uses in both languages", () => {
    expect(formatters("en").t("portfolio.accountsCount", { count: 1 })).toBe("1 account");
    expect(formatters("fi").t("portfolio.accountsCount", { count: 1 })).toBe("1 asiakas");
    expect(formatters("en").t("portfolio.accountsCount", { count: 2 })).toBe("2 accounts");
    expect(formatters("fi").t("portfolio.accountsCount", { count: 2 })).toBe("2 asiakasta");
  });
});
