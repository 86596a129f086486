// scripts/patch-router.mjs indexes each ranked branch list by the first static
// segment of the branches' paths, so matchRoutes tries only the branches that
// can match a path. Skipping must change no result: these tests compare the
// patched router with the router as published (the installed copy with the
// patch undone), both evaluated from their text here, on the app's own route
// tree (app/routes with Remix's flat-routes convention, as the build makes it)
// and on a tree of odd route shapes, for many generated paths.
import { isDeepStrictEqual } from "node:util";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { patchRouterSource, unpatchRouterSource } from "#scripts/patch-router.mjs";
import {
  appTree,
  evaluate,
  installed,
  patched,
  published,
  type Match,
  type MatchRoutes,
  type Route,
} from "#tests/setup/router-sources.ts";

/** Route shapes the app does not have (yet): each decides differently whether a branch is indexed. */
function oddTree(): Route[] {
  const leaf = (id: string, p: string, caseSensitive = false): Route => ({ id, path: p, caseSensitive });
  return [
    {
      id: "root",
      path: "/",
      children: [
        { id: "home", index: true },
        leaf("new", "accounts/new"),
        leaf("account", "accounts/:id"),
        leaf("account-again", "accounts/:other"),
        leaf("Case", "Case/:id", true),
        leaf("case", "case/:id"),
        leaf("optional-static", "reports?/:year?"),
        leaf("optional-param", ":lang?/help"),
        leaf("question-inside", "fo?o/bar"),
        leaf("splat-after", "files/*"),
        leaf("splat-glued", "docs*"),
        leaf("root-splat", "*"),
        leaf("param-first", ":slug/about"),
        leaf("dotted", "a.b/:c"),
        leaf("dollar", "x$y"),
        leaf("non-ascii", "työ/:id"),
        leaf("kelvin", "kelvin"),
        leaf("sigma", "σ"),
        leaf("double-slash", "twice//over"),
        leaf("trailing", "trail/"),
        leaf("absolute", "/absolute/:id"),
        {
          id: "layout",
          children: [leaf("in-layout", "portal"), { id: "layout-param", path: ":team/portal" }],
        },
        {
          id: "nested",
          path: "nest",
          children: [
            { id: "nested-index", index: true },
            leaf("nested-child", ":id"),
            { id: "nested-pathless", path: "", children: [leaf("deep", "deep/*")] },
          ],
        },
        { id: "empty-parent", path: "", children: [leaf("under-empty", "accounts/:id/under")] },
      ],
    },
  ];
}

function fullPaths(routes: Route[], parent = ""): string[] {
  return routes.flatMap((route) => {
    const own = route.path ? `${parent}/${route.path}` : parent;
    return [own, ...fullPaths(route.children ?? [], own)];
  });
}

/** A small deterministic generator (mulberry32), so a failure names the same paths again. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
type Random = ReturnType<typeof random>;

const VALUES = [
  "3f1c2a9e-5b7d-4e21-9c0a-1b2c3d4e5f60",
  "42",
  "new",
  "timeline",
  "a%20b",
  "a%2Fb",
  "%C3%A4",
  "ä",
  "%E0%A4%A",
  ".",
  "x.csv",
  "ACCOUNTS",
];
/** Same letters in other cases, and look-alikes the "i" flag does not take for ASCII (Kelvin sign, long s, final sigma). */
const CASES = [
  (s: string) => s.toUpperCase(),
  (s: string) => s.charAt(0).toUpperCase() + s.slice(1),
  (s: string) => s.replace(/k/gi, "\u212a"),
  (s: string) => s.replace(/s/g, "\u017f"),
  (s: string) => s.replace(/σ/g, "ς"),
];

function segmentFor(segment: string, rnd: Random, words: readonly string[]): string[] {
  const optional = segment.endsWith("?");
  if (optional && rnd.chance(0.5)) return [];
  const bare = optional ? segment.slice(0, -1) : segment;
  if (bare === "*") return rnd.pick([[], [rnd.pick(VALUES)], [rnd.pick(words), rnd.pick(VALUES)], ["a", "", "b"]]);
  if (bare.startsWith(":")) return [rnd.chance(0.3) ? rnd.pick(words) : rnd.pick(VALUES)];
  return [rnd.chance(0.25) ? rnd.pick(CASES)(bare) : bare];
}

/** A path a route could be asked for: its parameters filled in, and sometimes spelt oddly. */
function variant(pattern: string, rnd: Random, words: readonly string[]): string {
  const segments = pattern.split("/").flatMap((s) => (s === "" ? [""] : segmentFor(s, rnd, words)));
  let result = segments.join("/");
  if (rnd.chance(0.15)) result = result.replace(/\/(?=[^/])/, "//");
  if (rnd.chance(0.2)) result += rnd.pick(["/", "//", "/extra", `/${rnd.pick(words)}`]);
  if (rnd.chance(0.05)) result = result.replace(/^\/+/, "");
  if (rnd.chance(0.05)) result += rnd.pick(["?q=1", "#top", "?next=/accounts"]);
  return result || "/";
}

function pathsFor(routes: Route[], seed: number): string[] {
  const rnd = random(seed);
  const patterns = [...new Set(fullPaths(routes))];
  const words = [...new Set(patterns.flatMap((p) => p.split("/")).filter((s) => s && !/[:*?]/.test(s)))];
  const generated = patterns.flatMap((pattern) => Array.from({ length: 12 }, () => variant(pattern, rnd, words)));
  const unknown = Array.from({ length: 300 }, () => {
    const length = Math.floor(rnd.pick([0, 1, 1, 2, 2, 3, 4]));
    return "/" + Array.from({ length }, () => (rnd.chance(0.6) ? rnd.pick(words) : rnd.pick(VALUES))).join("/");
  });
  return [...new Set(["", "/", "//", "///", "/%", "accounts", ...generated, ...unknown])];
}

const shape = (matches: Match[] | null) =>
  matches?.map((m) => [m.route.id, m.params, m.pathname, m.pathnameBase]) ?? null;

const MODES = [
  ["/", false],
  ["/", true],
  ["/portal", false],
] as const;

type Case = { routes: Route[]; paths: string[]; want: ReturnType<typeof shape>[][] };
const cases = new Map<string, Case>();
/** A route tree, its paths and the published router's answers (once per test file: it flattens the tree on every call). */
function treeCase(name: "app" | "odd"): Case {
  let found = cases.get(name);
  if (!found) {
    const routes = name === "app" ? appTree() : oddTree();
    const paths = pathsFor(routes, name === "app" ? 16 : 7);
    const original = evaluate(published);
    const want = MODES.map(([basename, allowPartial]) =>
      paths.map((p) => shape(original(routes, p, basename, allowPartial))),
    );
    found = { routes, paths, want };
    cases.set(name, found);
  }
  return found;
}

/** The paths (with basename and allowPartial) for which `candidate` answers otherwise than the published router. */
function differences(candidate: MatchRoutes, { routes, paths, want }: Case) {
  const found: unknown[] = [];
  // Twice: a tree's first match builds its index, later ones use it.
  for (let round = 0; round < 2; round++) {
    MODES.forEach(([basename, allowPartial], mode) => {
      paths.forEach((p, i) => {
        const got = shape(candidate(routes, p, basename, allowPartial));
        if (!isDeepStrictEqual(got, want[mode]![i]))
          found.push({ path: p, basename, allowPartial, got, want: want[mode]![i] });
      });
    });
  }
  return found;
}

describe("the router patch's branch index", () => {
  beforeEach(() => {
    // The router warns (console.warn) on malformed percent-encoding and on "docs*": expected here.
    vi.spyOn(console, "warn").mockImplementation(() => {});
  });

  it("applies on top of the installed copy and undoes to the published one", () => {
    expect(published).not.toContain("kohtaamo");
    expect(patchRouterSource(installed)).toBe(patched);
    expect(patchRouterSource(patched)).toBe(patched);
    expect(unpatchRouterSource(patched)).toBe(published);
  });

  it("matches every path of the app's route tree as the published router does", () => {
    const app = treeCase("app");
    expect(differences(evaluate(patched), app).slice(0, 5)).toEqual([]);
    // The paths reach every route that can be matched alone (not a pathless layout), not only a few.
    const reached = new Set(app.want.flat(2).map((match) => match?.[0]));
    const matchable = (routes: Route[]): string[] =>
      routes.flatMap((r) => [...(r.path !== undefined || r.index ? [r.id!] : []), ...matchable(r.children ?? [])]);
    expect(matchable(app.routes).length).toBeGreaterThan(80);
    expect(matchable(app.routes).filter((id) => !reached.has(id))).toEqual([]);
  });

  it("matches every path of odd route shapes as the published router does", () => {
    expect(differences(evaluate(patched), treeCase("odd")).slice(0, 5)).toEqual([]);
  });

  it("would notice a list out of rank order or a key not lower-cased", () => {
    const reversed = patched.replace("keys[i] === key));", "keys[i] === key).reverse());");
    expect(reversed).not.toBe(patched);
    // On the app's own tree alone, too (accounts/new before accounts/:accountId, and the like).
    expect(differences(evaluate(reversed), treeCase("app")).length).toBeGreaterThan(0);
    const broken = {
      "a list tried from its lowest rank": reversed,
      "branches that match any path tried last": patched.replace(
        "branches.filter((_, i) => keys[i] === null || keys[i] === key)",
        "[...branches.filter((_, i) => keys[i] === key), ...branches.filter((_, i) => keys[i] === null)]",
      ),
      "the path's segment not lower-cased": patched.replace(
        "pathname.slice(1, end < 0 ? pathname.length : end).toLowerCase()",
        "pathname.slice(1, end < 0 ? pathname.length : end)",
      ),
      "a parameter taken for a literal": patched.replace('!segment.startsWith(":") && ', ""),
    };
    for (const [name, source] of Object.entries(broken)) {
      expect(source, name).not.toBe(patched);
      const found = [treeCase("app"), treeCase("odd")].flatMap((c) => differences(evaluate(source), c));
      expect(found.length, name).toBeGreaterThan(0);
    }
  });
});
