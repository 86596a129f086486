// Fills a catalogue message with its parameters: `{name}` is replaced by the
// value, and `{n, plural, one {# day} other {# days}}` picks the branch the
// language's plural rules give for n (Intl.PluralRules: English and Finnish
// both have "one" and "other"; "=0"-style exact branches match first), with `#`
// standing for the number as given. Branches may hold further `{name}` placeholders and
// plurals. An unknown parameter is left as written.

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

export function formatMessage(template: string, params: MessageParams | undefined, tag: string): string {
  if (!params || !template.includes("{")) return template;
  let out = "";
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf("{", i);
    if (open < 0) break;
    const close = matchingBrace(template, open);
    if (close < 0) break;
    out += template.slice(i, open) + placeholder(template.slice(open + 1, close), params, tag, template.slice(open, close + 1));
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

function placeholder(body: string, params: MessageParams, tag: string, raw: string): string {
  const plural = /^\s*(\w+)\s*,\s*plural\s*,([\s\S]*)$/.exec(body);
  if (!plural) {
    const name = body.trim();
    return /^\w+$/.test(name) && name in params ? String(params[name]) : raw;
  }
  const [, name, rest] = plural as unknown as [string, string, string];
  if (!(name in params)) return raw;
  const n = Number(params[name]);
  const branches = pluralBranches(rest);
  const text = branches.get(`=${n}`) ?? branches.get(pluralRules(tag).select(n)) ?? branches.get("other") ?? "";
  // `#` is the number as given (as a plain `{n}` would show it).
  return formatMessage(text.replace(/#/g, String(params[name])), params, tag);
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
