import fc from "fast-check";

// Generated hostile input for the property-based tests (tests/unit/hostile-schemas.test.ts,
// tests/integration/hostile-input.test.ts): the strings attackers and broken clients send,
// values of the wrong type, and field specs that say what a valid value looks like and
// what every accepted value must satisfy.

// One fixed seed, so a run is repeatable and a check that needs both outcomes
// (some bodies accepted, some refused) cannot fail by the luck of the draw on
// one CI run; FC_SEED explores others (a failure prints its seed and path).
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261206) });

/** Runs per schema in CI. Each run is one parse, so this stays fast. */
export const SCHEMA_RUNS = 1_000;

export const SQL_INJECTION = [
  "' OR '1'='1",
  "'; DROP TABLE accounts; --",
  "1; SELECT pg_sleep(30)",
  "' UNION SELECT password_hash, token_hash FROM users, api_tokens --",
  "$$; DELETE FROM audit_events; $$",
  "\\'; COPY users TO '/tmp/x'; --",
  "%' AND 1=0 --",
  "E'\\x00'",
];
export const HTML_INJECTION = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
  "<img src=x onerror=alert(1)>",
  '"><svg onload=alert(1)>',
  "javascript:alert(1)",
  "</textarea><script>alert(2)</script>",
  "</title><script>alert(3)</script>",
  "<!--<script>-->",
  "{{constructor.constructor('alert(4)')()}}",
  "<scr<script>ipt>alert(5)</scr</script>ipt>",
  "\u003cscript\u003e",
];
export const TRICKY_UNICODE = [
  "\u202Egnp.exe\u202C", // right-to-left override
  "zero\u200Bwidth\u200D\u2060joiner",
  "𝕳𝖊𝖑𝖑𝖔 😀👩‍👩‍👧‍👦", // astral plane, ZWJ sequences
  "שלום עולם", // Hebrew, right to left
  "مرحبا بالعالم", // Arabic
  "Ä\u0308ö\u0301", // combining marks
  "\uFEFFbom",
  "\u2028line\u2029para",
  "ﬁ ß İ ı",
  "\u00A0\u202F\u3000",
];
/** Lone surrogate halves: not text, yet a JavaScript string and a JSON escape can carry them. */
export const LONE_SURROGATES = ["\uD800", "a\uDC00b", "\uDBFF\uDBFF"];
/** C0 controls (but tab and line breaks) and DEL: never typed, and PostgreSQL cannot store NUL at all. */
export const CONTROL_CHARACTERS = [
  "\u0000",
  "a\u0000b",
  "\u0001",
  "\u0008",
  "\u000B",
  "\u000C",
  "\u001B[31m",
  "\u001F",
  "\u007F",
];
export const WHITESPACE = ["", " ", "   ", "\t", "\n", "\r\n", " x ", "\n\nx"];
export const MALFORMED_DATES = [
  "2024-02-30",
  "2023-02-29",
  "0000-01-01",
  "0001-01-01",
  "1899-12-31",
  "3000-01-01",
  "9999-12-31",
  "-0001-01-01",
  "+002024-01-01",
  "2024-13-01",
  "2024-00-10",
  "2024-1-1",
  "31.12.2024",
  "2024-01-01T25:00",
  "2024-01-01T10:00",
  "2024-01-01T10:00:00Z",
  "2024-01-01T10:00:00+99:00",
  "275760-09-13",
  "1970-01-01",
  "NaN-NaN-NaN",
  "Invalid Date",
];
export const NUMBER_STRINGS = [
  "NaN",
  "Infinity",
  "-Infinity",
  "1e308",
  "1e400",
  "-0",
  "0x10",
  "1_000",
  "9007199254740993",
  "-1",
  "99999999999999.999",
  "1.5",
  " 3 ",
  "3abc",
  "٣", // Arabic-Indic digit three
  "１", // full-width one
];
export const HOSTILE_NUMBERS = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  -1,
  0.5,
  1e21,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  2 ** 53 + 2,
  -(2 ** 31),
];

const HOSTILE_CONSTANTS = [
  ...SQL_INJECTION,
  ...HTML_INJECTION,
  ...TRICKY_UNICODE,
  ...LONE_SURROGATES,
  ...CONTROL_CHARACTERS,
  ...WHITESPACE,
  ...MALFORMED_DATES,
  ...NUMBER_STRINGS,
];
/** Strings a valid text field may well hold: injections and unicode are data, not errors. */
export const TEXT_ATTACKS = [...SQL_INJECTION, ...HTML_INJECTION, ...TRICKY_UNICODE];

const HUGE_LENGTHS = [101, 201, 255, 301, 1_001, 2_001, 4_001, 10_001, 100_001, 1_100_000];
const huge = fc
  .tuple(fc.constantFrom("x", "é", "😀", "<script>", "'; --", "\u0000", " "), fc.constantFrom(...HUGE_LENGTHS))
  .map(([piece, n]) => piece.repeat(Math.ceil(n / piece.length)).slice(0, n));

/** Any hostile string: injections, odd unicode, controls, malformed dates and numbers, huge ones, and mixtures. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_CONSTANTS) },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...HOSTILE_CONSTANTS), fc.string({ unit: "binary", maxLength: 8 })), {
        minLength: 1,
        maxLength: 5,
      })
      .map((parts) => parts.join("")),
  },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 60 }) },
  { weight: 1, arbitrary: huge },
);

/** Values of any type, as a JSON body or a careless caller may hand a schema. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(...HOSTILE_NUMBERS, true, false, null, undefined, [], {}, "") },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), hostileString, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.date().map((d) => d as unknown) },
);

/** Keys that have no business in a body: mass-assignment and prototype pollution attempts. */
export const EXTRA_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "id",
  "account_id",
  "author_id",
  "created_by",
  "status",
  "role",
  "version_",
  "deleted_at",
  "x",
];

// ------------------------------------------------------------------- field specs

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Controls other than tab and line breaks, and DEL. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The years a stored calendar date or instant may fall in. */
export const YEAR_RANGE = { min: 1900, max: 2999 } as const;

export function isStorableDay(value: string): boolean {
  const m = ISO_DAY.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(2000, mo - 1, d));
  date.setUTCFullYear(y);
  return y >= YEAR_RANGE.min && y <= YEAR_RANGE.max && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export interface FieldSpec {
  /** A valid-looking value as a browser sends it in a form (strings only; arrays repeat the field). */
  valid: fc.Arbitrary<string | string[]>;
  /** A valid-looking value as a JSON body carries it. */
  validJson: fc.Arbitrary<unknown>;
  /** Problems with an accepted value, by the promises the schema makes. */
  check(value: unknown): string | null;
}

const pick = <T>(...arbs: fc.Arbitrary<T>[]) => fc.oneof(...arbs);
const days = (from: number, to: number) =>
  fc
    .integer({ min: Date.UTC(from, 0, 1), max: Date.UTC(to, 11, 31) })
    .map((ms) => new Date(ms).toISOString().slice(0, 10));
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function textIssues(
  value: unknown,
  { max, min = 0, trimmed = true }: { max: number; min?: number; trimmed?: boolean },
): string | null {
  if (typeof value !== "string") return `not a string: ${typeof value}`;
  // Lengths are in characters (code points), as Zod and PostgreSQL count them.
  const length = [...value].length;
  if (length > max) return `longer than ${max}: ${length}`;
  if (length < min) return `shorter than ${min}`;
  if (LONE.test(value)) return "lone surrogate";
  if (CONTROL.test(value)) return `control character U+${value.codePointAt(value.search(CONTROL))!.toString(16)}`;
  if (trimmed && value !== value.trim()) return "not trimmed";
  return null;
}

/** Mostly plainly valid values, now and then an edge case that may or may not pass. */
const mostly = <T>(plain: fc.Arbitrary<T>, edges: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 6, arbitrary: plain }, { weight: 1, arbitrary: edges });
const same = (valid: fc.Arbitrary<string | string[]>, check: FieldSpec["check"]): FieldSpec => ({
  valid,
  validJson: valid,
  check,
});

export const spec = {
  text(max: number, opts: { min?: number; trimmed?: boolean } = {}): FieldSpec {
    const min = Math.max(opts.min ?? 0, 0);
    const valid = pick(
      fc.string({ minLength: Math.max(min, 1), maxLength: Math.min(max, 40) }),
      fc.constantFrom(...TEXT_ATTACKS.filter((s) => s.length <= max && s.trim().length >= min)),
      fc.string({ unit: "grapheme", minLength: Math.max(min, 1), maxLength: Math.min(max, 20) }),
      fc.constant("x".repeat(max)),
    );
    return same(valid, (v) => textIssues(v, { max, ...opts }));
  },
  choice(values: readonly string[]): FieldSpec {
    return same(fc.constantFrom(...values), (v) =>
      values.includes(v as string) ? null : `not one of the choices: ${String(v)}`,
    );
  },
  int(min: number, max: number): FieldSpec {
    const valid = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min, max }) },
      { weight: 1, arbitrary: fc.constantFrom(min, max, min - 1, max + 1) },
    );
    return {
      valid: valid.map(String),
      validJson: valid,
      check: (v) =>
        Number.isInteger(v) && (v as number) >= min && (v as number) <= max
          ? null
          : `not an integer in ${min}..${max}: ${String(v)}`,
    };
  },
  number(min: number, max: number): FieldSpec {
    const valid = fc.oneof(
      {
        weight: 8,
        arbitrary: fc.integer({ min: Math.ceil(min * 100), max: Math.floor(max * 100) }).map((n) => n / 100),
      },
      { weight: 1, arbitrary: fc.constantFrom(min, max, min - 0.01, max + 1) },
    );
    return {
      valid: valid.map(String),
      validJson: valid,
      check: (v) =>
        typeof v === "number" && Number.isFinite(v) && v >= min && v <= max
          ? null
          : `not a number in ${min}..${max}: ${String(v)}`,
    };
  },
  /** A calendar date 'YYYY-MM-DD' in the output. */
  date(): FieldSpec {
    const valid = pick(
      days(2000, 2030),
      days(2000, 2030),
      days(1890, 3010),
      fc.constantFrom("1900-01-01", "2999-12-31", "2024-02-29"),
    );
    return same(valid, (v) => (typeof v === "string" && isStorableDay(v) ? null : `not a storable date: ${String(v)}`));
  },
  /** An instant (Date) in the output; the input is a wall time ('YYYY-MM-DDTHH:mm') or, in JSON, ISO with an offset. */
  instant(input: "wall" | "iso" = "wall"): FieldSpec {
    const at = fc
      .integer({ min: Date.UTC(1890, 0, 1), max: Date.UTC(3010, 0, 1) })
      .map((ms) => new Date(ms).toISOString());
    const recent = fc
      .integer({ min: Date.UTC(2020, 0, 1), max: Date.now() - 3 * 3_600_000 })
      .map((ms) => new Date(ms).toISOString());
    const shape = (iso: string) => (input === "wall" ? iso.slice(0, 16) : iso.replace("Z", "+02:00"));
    return same(pick(recent.map(shape), recent.map(shape), at.map(shape)), (v) => {
      if (!(v instanceof Date) || Number.isNaN(v.getTime())) return `not an instant: ${String(v)}`;
      const year = v.getUTCFullYear();
      return year >= YEAR_RANGE.min - 1 && year <= YEAR_RANGE.max ? null : `instant out of range: ${v.toISOString()}`;
    });
  },
  uuid(ids: fc.Arbitrary<string> = fc.uuid()): FieldSpec {
    return same(ids, (v) => (typeof v === "string" && UUID.test(v) ? null : `not a uuid: ${String(v)}`));
  },
  bool(): FieldSpec {
    return {
      valid: fc.constantFrom("on", ""),
      validJson: fc.boolean(),
      check: (v) => (typeof v === "boolean" ? null : `not a boolean: ${String(v)}`),
    };
  },
  /** Money as the exact decimal string with two decimals the database stores. */
  money({ negative = false }: { negative?: boolean } = {}): FieldSpec {
    const plain = fc.integer({ min: negative ? -1_000_000 : 0, max: 1_000_000 }).map(String);
    const edges = fc.constantFrom(
      "125 000,50",
      "125,000.50",
      "1234.5",
      "€ 10",
      "999999999999.99",
      "1000000000000",
      "-5",
      "0,001",
    );
    return {
      valid: mostly(plain, edges),
      validJson: mostly<unknown>(
        pick<unknown>(plain, fc.integer({ min: negative ? -1000 : 0, max: 1_000_000 })),
        edges,
      ),
      check: (v) =>
        typeof v === "string" && new RegExp(`^${negative ? "-?" : ""}\\d{1,12}\\.\\d{2}$`).test(v)
          ? null
          : `not money: ${String(v)}`,
    };
  },
  phone(max: number): FieldSpec {
    const valid = mostly(
      fc.constantFrom("+358 40 123 4567", "(09) 123-456", "040.123.4567", "+1 (555) 010-9999"),
      fc.constantFrom("12", "+358\u00a040", "0401234567".repeat(5)),
    );
    const PHONE = /^\+?[0-9][0-9 ()./-]{2,}$/;
    return same(
      valid,
      (v) => textIssues(v, { max }) ?? (PHONE.test(v as string) ? null : `not a phone number: ${String(v)}`),
    );
  },
  currency(): FieldSpec {
    return same(mostly(fc.constantFrom("EUR", "SEK", "USD"), fc.constantFrom("usd", "€", "EURO")), (v) =>
      typeof v === "string" && /^[A-Z]{3}$/.test(v) ? null : `not a currency code: ${String(v)}`,
    );
  },
  email(): FieldSpec {
    const name = fc.stringMatching(/^[a-z][a-z0-9.]{0,10}[a-z0-9]$/).filter((n) => !n.includes(".."));
    const valid = mostly(
      fc.tuple(name, name).map(([a, b]) => `${a}@${b.replace(/\./g, "")}.example`),
      pick(
        fc.emailAddress(),
        fc.constantFrom(
          "Ünï@ex.example",
          "x@y",
          "a@b.c<script>",
          "'or'1'='1@x.example",
          `${"a".repeat(250)}@b.example`,
        ),
      ),
    );
    return same(
      valid,
      (v) =>
        textIssues(v, { max: 254 }) ??
        (/^[^@\s]+@[^@\s]+$/.test(v as string) ? null : `not an e-mail address: ${String(v)}`),
    );
  },
  /** Repeated form fields / a JSON array of values of `item`. */
  list(item: FieldSpec, max: number): FieldSpec {
    const one = item.valid.map((v) => (Array.isArray(v) ? (v[0] ?? "") : v));
    return {
      valid: fc.array(one, { maxLength: 4 }),
      validJson: fc.array(item.validJson, { maxLength: 4 }),
      check: (v) => {
        if (!Array.isArray(v)) return `not a list: ${String(v)}`;
        if (v.length > max) return `more than ${max} items`;
        for (const x of v) {
          const issue = item.check(x);
          if (issue) return issue;
        }
        return null;
      },
    };
  },
  literal(value: string): FieldSpec {
    return same(fc.constant(value), (v) => (v === value ? null : `not ${value}: ${String(v)}`));
  },
};

export type Fields = Record<string, FieldSpec>;

type Entries = [string, string][];
const entriesOf = (name: string, v: string | string[]): Entries =>
  Array.isArray(v) ? v.map((x) => [name, x]) : [[name, v]];
const hostileEntries = (name: string): fc.Arbitrary<Entries> =>
  fc.oneof(
    { weight: 4, arbitrary: hostileString.map((v) => [[name, v]] as Entries) },
    { weight: 1, arbitrary: fc.constant([] as Entries) },
    {
      weight: 1,
      arbitrary: fc.tuple(hostileString, hostileString).map(
        ([a, b]) =>
          [
            [name, a],
            [name, b],
          ] as Entries,
      ),
    },
  );
const extraEntries = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...EXTRA_KEYS), hostileString), hostileString), {
  maxLength: 2,
});

/**
 * A form body as entries, so repeated fields and odd keys survive. Half the
 * bodies are valid-looking but for one or two hostile (or missing, or doubled)
 * fields, so the schema is seen accepting; the rest are hostile throughout.
 */
export function formBody(fields: Fields, fixed: Record<string, string> = {}): fc.Arbitrary<Entries> {
  const names = Object.keys(fields);
  const valid = fc.tuple(...names.map((n) => fields[n]!.valid.map((v) => entriesOf(n, v))));
  const hostile = fc.tuple(...names.map((n) => hostileEntries(n)));
  const mixed = fc
    .tuple(valid, hostile, fc.subarray(names, { maxLength: Math.min(2, names.length) }), extraEntries)
    .map(([good, bad, spoiled, extra]) => [
      ...names.flatMap((n, i) => (spoiled.includes(n) ? bad[i]! : good[i]!)),
      ...extra,
    ]);
  const chaos = fc
    .tuple(valid, hostile, fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length }), extraEntries)
    .map(([good, bad, coin, extra]) => [...names.flatMap((_, i) => (coin[i] ? good[i]! : bad[i]!)), ...extra]);
  return fc.oneof(mixed, chaos).map((entries) => [...Object.entries(fixed), ...entries]);
}

/** A JSON body built like formBody, with values of any type where it is hostile. */
export function jsonBody(fields: Fields, fixed: Record<string, unknown> = {}): fc.Arbitrary<Record<string, unknown>> {
  const names = Object.keys(fields);
  const valid = fc.tuple(...names.map((n) => fields[n]!.validJson));
  const hostile = fc.tuple(...names.map(() => fc.oneof(hostileValue, fc.constant(MISSING))));
  const extra = fc.oneof(
    { weight: 4, arbitrary: fc.constant([] as [string, unknown][]) },
    {
      weight: 1,
      arbitrary: fc.array(fc.tuple(fc.constantFrom(...EXTRA_KEYS), hostileValue), { minLength: 1, maxLength: 2 }),
    },
  );
  const build = (values: unknown[], more: [string, unknown][]) => {
    // JSON.parse makes "__proto__" an own key; so does defineProperty.
    const body: Record<string, unknown> = {};
    const pairs: [string, unknown][] = [
      ...Object.entries(fixed),
      ...names.map((n, i) => [n, values[i]] as [string, unknown]),
      ...more,
    ];
    for (const [k, v] of pairs) {
      if (v !== MISSING)
        Object.defineProperty(body, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return body;
  };
  const mixed = fc
    .tuple(
      valid,
      hostile,
      fc.subarray(
        names.map((_, i) => i),
        { maxLength: Math.min(2, names.length) },
      ),
      extra,
    )
    .map(([good, bad, spoiled, more]) =>
      build(
        good.map((v, i) => (spoiled.includes(i) ? bad[i] : v)),
        more,
      ),
    );
  const chaos = fc
    .tuple(valid, hostile, fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length }), extra)
    .map(([good, bad, coin, more]) =>
      build(
        good.map((v, i) => (coin[i] ? v : bad[i])),
        more,
      ),
    );
  return fc.oneof(mixed, chaos);
}

const MISSING = Symbol("missing");

/** Problems with an accepted output: each declared field keeps its promises, and nothing undeclared got through. */
export function outputIssues(output: unknown, fields: Fields, optional: readonly string[] = []): string[] {
  if (!output || typeof output !== "object") return [`output is not an object: ${String(output)}`];
  const issues: string[] = [];
  for (const [key, value] of Object.entries(output)) {
    const f = fields[key];
    if (!f) {
      issues.push(`undeclared field got through: ${key}`);
      continue;
    }
    if (value === undefined || (value === null && optional.includes(key)) || (value === "" && optional.includes(key)))
      continue;
    const issue = f.check(value);
    if (issue) issues.push(`${key}: ${issue}`);
  }
  return issues;
}
