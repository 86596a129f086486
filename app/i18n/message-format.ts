// Fills a catalogue message with its parameters, in the subset of ICU
// MessageFormat the catalogues use (docs/glossary.md, README "Dependencies"):
//
//   {name}                       the value; a number is formatted for the locale
//                                ("1 234,5" in Finnish, "1,234.5" in English)
//   {n, number}                  the same, said explicitly
//   {n, number, integer}         rounded to a whole number
//   {n, number, percent}         a 0..1 share as a percentage ("67 %" / "67%")
//   {n, number, ::skeleton}      ICU number skeleton tokens: sign-except-zero (+?),
//                                sign-always (+!), fraction digits .0 / .00 / .# / .##
//   {n, plural, =0 {…} one {…} other {…}}
//                                the branch the language's plural rules give for n
//                                (Intl.PluralRules; an exact "=N" branch first), with
//                                `#` standing for n formatted for the locale
//
// Branches may hold further placeholders and plurals. An unknown parameter is
// left as written. A string parameter is shown as given (already formatted).

export type MessageParams = Record<string, string | number>;

const rulesByTag = new Map<string, Intl.PluralRules>();
function pluralRules(tag: string): Intl.PluralRules {
  let rules = rulesByTag.get(tag);
  if (!rules) {
    rules = new Intl.PluralRules(tag);
    rulesByTag.set(tag, rules);
  }
  return rules;
}

// Building an Intl.NumberFormat costs far more than using one: one per locale and style.
const numberFormats = new Map<string, Intl.NumberFormat>();
export function numberFormat(tag: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(tag, options);
    numberFormats.set(key, format);
  }
  return format;
}

export function formatMessage(template: string, params: MessageParams | undefined, tag: string): string {
  if (!params || !template.includes("{")) return template;
  let out = "";
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf("{", i);
    if (open < 0) break;
    const close = matchingBrace(template, open);
    if (close < 0) break;
    out +=
      template.slice(i, open) +
      placeholder(template.slice(open + 1, close), params, tag, template.slice(open, close + 1));
    i = close + 1;
  }
  return out + template.slice(i);
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === "{") depth++;
    else if (text[j] === "}" && --depth === 0) return j;
  }
  return -1;
}

/** A parameter as shown in text: numbers by the locale's rules (up to three decimals, as ICU). */
function shown(value: string | number, tag: string): string {
  return typeof value === "number"
    ? numberFormat(tag, { maximumFractionDigits: 3, signDisplay: "negative" }).format(value)
    : value;
}

function placeholder(body: string, params: MessageParams, tag: string, raw: string): string {
  const typed = /^\s*(\w+)\s*,\s*(plural|number)\s*(?:,([\s\S]*))?$/.exec(body);
  if (!typed) {
    const name = body.trim();
    return /^\w+$/.test(name) && name in params ? shown(params[name]!, tag) : raw;
  }
  const [, name, type, rest = ""] = typed as unknown as [string, string, string, string | undefined];
  if (!(name in params)) return raw;
  const value = params[name]!;
  if (type === "number") {
    const n = Number(value);
    return Number.isFinite(n) ? numberFormat(tag, numberStyle(rest.trim())).format(n) : String(value);
  }
  const n = Number(value);
  const branches = pluralBranches(rest);
  const text = branches.get(`=${n}`) ?? branches.get(pluralRules(tag).select(n)) ?? branches.get("other") ?? "";
  return formatMessage(text.replace(/#/g, shown(value, tag)), params, tag);
}

/** The Intl options of `{n, number, <style>}`: a named style or an ICU skeleton (`::…`). */
function numberStyle(style: string): Intl.NumberFormatOptions {
  if (style === "") return { maximumFractionDigits: 3, signDisplay: "negative" };
  if (style === "integer") return { maximumFractionDigits: 0, signDisplay: "negative" };
  if (style === "percent") return { style: "percent", maximumFractionDigits: 0, signDisplay: "negative" };
  const options: Intl.NumberFormatOptions = { maximumFractionDigits: 0, signDisplay: "negative" };
  for (const token of style.replace(/^::/, "").split(/\s+/)) {
    if (token === "sign-except-zero" || token === "+?") options.signDisplay = "exceptZero";
    else if (token === "sign-always" || token === "+!") options.signDisplay = "always";
    else if (/^\.0*#*$/.test(token)) {
      options.minimumFractionDigits = token.replace(/[^0]/g, "").length;
      options.maximumFractionDigits = token.length - 1;
    }
  }
  return options;
}

/** `one {…} other {…}` → Map { one → …, other → … } (branch texts may nest braces). */
function pluralBranches(text: string): Map<string, string> {
  const branches = new Map<string, string>();
  const key = /\s*(=?\w+)\s*\{/y;
  let i = 0;
  for (;;) {
    key.lastIndex = i;
    const m = key.exec(text);
    if (!m) return branches;
    const open = key.lastIndex - 1;
    const close = matchingBrace(text, open);
    if (close < 0) return branches;
    branches.set(m[1]!, text.slice(open + 1, close));
    i = close + 1;
  }
}
