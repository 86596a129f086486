import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "#app/i18n/en.ts";
import { fi } from "#app/i18n/fi.ts";
import { formatters, isMessageKey, localeFromAcceptLanguage } from "#app/i18n/index.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { accountPageMeta, recordMeta, titleMeta } from "#app/i18n/meta.ts";
import { sentMessages } from "#app/web/page-messages.server.ts";

const ROUTES = path.resolve(import.meta.dirname, "../../app/routes");

/** The source of a route module's `meta` export, or null when it has none. */
export function metaSource(source: string): string | null {
  const start = source.search(/export (const|function) meta\b/);
  if (start < 0) return null;
  // A `meta` made by a helper of app/i18n/meta.ts may be one line: `export const meta = titleMeta("title.risks");`.
  const firstLine = source.slice(start, source.indexOf("\n", start) + 1);
  if (firstLine.trimEnd().endsWith(";")) return firstLine;
  // Otherwise the export ends at the first line that closes it at the left margin.
  const end = /\n(\];|\};|\}|\]\);)\n/.exec(source.slice(start));
  return source.slice(start, end ? start + end.index + end[0].length - 1 : undefined);
}

/** String literals in code that a person would read: with a letter, outside `${…}`, not a message key. */
export function visibleLiterals(code: string): string[] {
  const allowed = new Set(["referrer", "no-referrer", "refresh", "root"]);
  const found: string[] = [];
  for (const m of code.matchAll(/(["'`])((?:\\.|(?!\1)[^\\])*)\1/g)) {
    const text = m[2]!.replace(/\$\{[^}]*\}/g, "");
    if (/\p{L}/u.test(text) && !allowed.has(text) && !isMessageKey(text)) found.push(m[2]!);
  }
  return found;
}

describe("message catalogues", () => {
  it("has a Finnish text for every English key, with the same placeholders", () => {
    expect(Object.keys(fi).sort()).toEqual(Object.keys(en).sort());
    // Plain ({n}) and plural ({n, plural, …}) placeholders alike, each named once.
    const placeholders = (s: string) => [...new Set([...s.matchAll(/\{\s*(\w+)\s*[,}]/g)].map((m) => m[1]))].sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect([key, placeholders(fi[key])]).toEqual([key, placeholders(en[key])]);
      expect(fi[key].length).toBeGreaterThan(0);
    }
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    const { t } = formatters("fi");
    expect(t("committee.left", { date: "1.2.2026" })).toBe("Lähtenyt 1.2.2026");
    expect(t("committee.left")).toBe("Lähtenyt {date}");
  });
});

describe("page titles", () => {
  const modules = fs.readdirSync(ROUTES).filter((f) => /\.tsx?$/.test(f));

  it("takes every route's <title> from the catalogue: no text written into a meta function", () => {
    let checked = 0;
    for (const file of modules) {
      const meta = metaSource(fs.readFileSync(path.join(ROUTES, file), "utf8"));
      if (!meta) continue;
      checked++;
      expect([file, visibleLiterals(meta)]).toEqual([file, []]);
      // In the root loader's language: metaI18n itself, or a helper of app/i18n/meta.ts that calls it.
      const translated =
        meta.includes("metaI18n(matches)") || /= (titleMeta|recordMeta|accountPageMeta|linkPageMeta)\(/.test(meta);
      expect([file, translated]).toEqual([file, true]);
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("finds the hard-coded text this check exists for", () => {
    const hardCoded = 'export const meta: MetaFunction = () => [{ title: "Accounts · Kohtaamo" }];\n';
    expect(visibleLiterals(metaSource(hardCoded)!)).toEqual(["Accounts · Kohtaamo"]);
    const template =
      "export const meta: MetaFunction<typeof loader> = ({ data }) => [\n  { title: `Edit ${data.name} · Kohtaamo` },\n];\n";
    expect(visibleLiterals(metaSource(template)!)).toEqual(["Edit ${data.name} · Kohtaamo"]);
    const keyed =
      'export const meta: MetaFunction = ({ matches }) => {\n  const f = metaI18n(matches);\n  return pageTitle(f, f.t("title.accounts"));\n};\n';
    expect(visibleLiterals(metaSource(keyed)!)).toEqual([]);
    const helper =
      'export const meta: MetaFunction = titleMeta("title.accounts");\n\nexport function loader() {\n  return { label: "Accounts" };\n}\n';
    expect(metaSource(helper)).toBe('export const meta: MetaFunction = titleMeta("title.accounts");\n');
    const helperWithText =
      'export const meta: MetaFunction<typeof loader> = recordMeta("title.person", (data) => [\n  data.person.name,\n  "Person",\n]);\n\nexport function loader() {}\n';
    expect(visibleLiterals(metaSource(helperWithText)!)).toEqual(["Person"]);
  });

  it("titles pages in the language the root loader chose", () => {
    // The root loader sends the page's messages in its language (app/web/page-messages.server.ts).
    const fiMatches = [
      { id: "root", data: { locale: "fi", messages: sentMessages("fi", ["title.", "app.name"]).json } },
    ];
    const f = metaI18n(fiMatches);
    expect(pageTitle(f, f.t("title.committee"), "Kestilä Logistics Oy")).toEqual([
      { title: "Ostoryhmä · Kestilä Logistics Oy · Kohtaamo" },
    ]);
    expect(
      metaI18n([{ id: "root", data: { locale: "en", messages: sentMessages("en", ["title.", "app.name"]).json } }]).t(
        "title.committee",
      ),
    ).toBe("Buying committee");
  });

  it("makes a route's meta from the page's keys and its loader's data", () => {
    const matches = [{ id: "root", data: { locale: "fi", messages: sentMessages("fi", ["title.", "app.name"]).json } }];
    const account = { name: "Kestilä Logistics Oy" };
    expect(accountPageMeta("title.committee")({ data: { account }, matches })).toEqual([
      { title: "Ostoryhmä · Kestilä Logistics Oy · Kohtaamo" },
    ]);
    // An error page has no loader data: the page's title alone.
    expect(accountPageMeta("title.committee")({ matches })).toEqual([{ title: "Ostoryhmä · Kohtaamo" }]);
    const personMeta = recordMeta("title.person", (data: { person: { name: string } }) => [data.person.name]);
    expect(personMeta({ data: { person: { name: "Aino Virtanen" } }, matches })).toEqual([
      { title: "Aino Virtanen · Kohtaamo" },
    ]);
    expect(personMeta({ matches })).toEqual([{ title: "Henkilö · Kohtaamo" }]);
    expect(titleMeta("title.committee", "title.accounts")({ matches })).toEqual([
      { title: "Ostoryhmä · Asiakkaat · Kohtaamo" },
    ]);
  });
});

describe("formatting for the chosen locale", () => {
  it("formats money, numbers and dates the Finnish and the English way", () => {
    const fiF = formatters("fi");
    const enF = formatters("en");
    expect(fiF.money("125000.00", "EUR")).toBe("125\u00a0000\u00a0€");
    expect(enF.money("125000.00", "EUR")).toBe("€125,000");
    expect(fiF.number(1234.5, 1)).toBe("1\u00a0234,5");
    // Cents are shown when the amount has them, never rounded away.
    expect(fiF.money("1234.50", "EUR")).toBe("1\u00a0234,50\u00a0€");
    expect(enF.money("1234.5", "EUR")).toBe("€1,234.50");
    expect(enF.money("1234.00", "EUR")).toBe("€1,234");
    expect(fiF.date("2025-12-31")).toBe("31.12.2025");
    expect(enF.date("2025-12-31")).toBe("31 Dec 2025");
  });

  it("shows a calendar date as itself and a moment in the vendor's time zone", () => {
    const { date, dateTime } = formatters("fi");
    // 22:30 UTC on New Year's Eve is already New Year's Day in Helsinki.
    expect(date(new Date("2025-12-31T22:30:00Z"))).toBe("1.1.2026");
    expect(date("2025-12-31")).toBe("31.12.2025");
    expect(dateTime(new Date("2025-06-01T09:05:00Z"))).toBe("1.6.2025 klo 12.05");
  });

  it("renders nothing for missing values", () => {
    const { date, money } = formatters("en");
    expect(date(null)).toBe("");
    expect(money(null, "EUR")).toBe("");
  });

  it("picks the first supported language from Accept-Language", () => {
    expect(localeFromAcceptLanguage("fi-FI,fi;q=0.9,en;q=0.8")).toBe("fi");
    expect(localeFromAcceptLanguage("sv-SE,en-GB;q=0.8")).toBe("en");
    expect(localeFromAcceptLanguage("de")).toBe("en");
    expect(localeFromAcceptLanguage(null)).toBe("en");
  });
});
