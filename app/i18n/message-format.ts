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
//                                `#` standing for n formatted for the locale (in a
//                                nested plural, for that plural's number, as in ICU)
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

/** The options the app formats numbers with: the cache's key names each of them. */
export type NumberOptions = Pick<
  Intl.NumberFormatOptions,
  "style" | "currency" | "minimumFractionDigits" | "maximumFractionDigits" | "signDisplay"
>;

// Building an Intl.NumberFormat costs far more than using one: one per locale and style.
const numberFormats = new Map<string, Intl.NumberFormat>();
export function numberFormat(tag: string, options: NumberOptions = {}): Intl.NumberFormat {
  const o = options;
  const key = `${tag} ${o.style} ${o.currency} ${o.minimumFractionDigits} ${o.maximumFractionDigits} ${o.signDisplay}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(tag, options);
    numberFormats.set(key, format);
  }
  return format;
}

/** `#` in a plural branch: the number, formatted as a plain placeholder shows it. */
const HASH = Symbol("#");

/** A placeholder of a template, read once: its name, and what its type needs (a number's options, a plural's branches). */
interface Placeholder {
  /** The placeholder as written, shown when its parameter is missing. */
  raw: string;
  name: string;
  type: "value" | "number" | "plural";
  options?: NumberOptions;
  branches?: Map<string, Part[]>;
}

type Part = string | typeof HASH | Placeholder;

// The templates read so far, each read once: the catalogues' messages (t() fills nothing else), so they stay few.
const compiled = new Map<string, Part[]>();

export function formatMessage(template: string, params: MessageParams | undefined, tag: string): string {
  if (!params || !template.includes("{")) return template;
  let parts = compiled.get(template);
  if (!parts) compiled.set(template, (parts = compile(template)));
  return fill(parts, params, tag, undefined);
}

/** A template's parts: text, placeholders and `#` (in a plural branch, its number; elsewhere itself). */
function compile(template: string): Part[] {
  const parts: Part[] = [];
  const text = (chunk: string) =>
    chunk.split("#").forEach((piece, k) => {
      if (k > 0) parts.push(HASH);
      if (piece) parts.push(piece);
    });
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf("{", i);
    if (open < 0) break;
    const close = matchingBrace(template, open);
    if (close < 0) break;
    text(template.slice(i, open));
    parts.push(placeholderOf(template.slice(open + 1, close), template.slice(open, close + 1)));
    i = close + 1;
  }
  text(template.slice(i));
  return parts;
}

function placeholderOf(body: string, raw: string): Placeholder | string {
  const typed = /^\s*(\w+)\s*,\s*(plural|number)\s*(?:,([\s\S]*))?$/.exec(body);
  if (!typed) {
    const name = body.trim();
    return /^\w+$/.test(name) ? { raw, name, type: "value" } : raw;
  }
  const [, name, type, rest = ""] = typed as unknown as [string, string, "plural" | "number", string | undefined];
  if (type === "number") return { raw, name, type, options: numberStyle(rest.trim()) };
  const branches = new Map<string, Part[]>();
  for (const [key, text] of pluralBranches(rest)) branches.set(key, compile(text));
  return { raw, name, type, branches };
}

function fill(parts: Part[], params: MessageParams, tag: string, hash: string | undefined): string {
  let out = "";
  for (const part of parts) {
    if (typeof part === "string") out += part;
    else if (part === HASH) out += hash ?? "#";
    else out += filled(part, params, tag);
  }
  return out;
}

const shownFormats = new Map<string, Intl.NumberFormat>();

/** A parameter as shown in text: numbers by the locale's rules (up to three decimals, as ICU). */
function shown(value: string | number, tag: string): string {
  if (typeof value !== "number") return value;
  let format = shownFormats.get(tag);
  if (!format)
    shownFormats.set(tag, (format = numberFormat(tag, { maximumFractionDigits: 3, signDisplay: "negative" })));
  return format.format(value);
}

function filled(p: Placeholder, params: MessageParams, tag: string): string {
  if (!(p.name in params)) return p.raw;
  const value = params[p.name]!;
  if (p.type === "value") return shown(value, tag);
  const n = Number(value);
  if (p.type === "number") return Number.isFinite(n) ? numberFormat(tag, p.options).format(n) : String(value);
  const branches = p.branches!;
  const branch = branches.get(`=${n}`) ?? branches.get(pluralRules(tag).select(n)) ?? branches.get("other");
  return branch ? fill(branch, params, tag, shown(value, tag)) : "";
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === "{") depth++;
    else if (text[j] === "}" && --depth === 0) return j;
  }
  return -1;
}

/** The Intl options of `{n, number, <style>}`: a named style or an ICU skeleton (`::…`). */
function numberStyle(style: string): NumberOptions {
  if (style === "") return { maximumFractionDigits: 3, signDisplay: "negative" };
  if (style === "integer") return { maximumFractionDigits: 0, signDisplay: "negative" };
  if (style === "percent") return { style: "percent", maximumFractionDigits: 0, signDisplay: "negative" };
  const options: NumberOptions = { maximumFractionDigits: 0, signDisplay: "negative" };
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
