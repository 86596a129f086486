import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

// Which catalogue keys a route can show, read from the source: every module the
// route file imports (its components, their helpers, and the server modules its
// loader uses, whose keys may reach the page in loader data), and in each module
// every string that is a message key, and every key a template literal or a
// concatenation can build (`kind.${k}` stands for every key starting "kind.").
// Catalogue entries (property names), type positions and lists of selectors
// (typed MessageSelector[], as the customer's INTERNAL_ONLY) do not count.
// scripts/route-messages.ts writes what it finds per route, which the root
// loader sends each page.
//
// A key the server translates is not one the page shows from its messages: the
// server's translator has the whole catalogue (formatters() of app/i18n/index.ts)
// and what reaches the page is text. So a key does not count where it is only
// the argument of a translation made on the server:
// - anywhere, a call of a translator taken from `formatters(…)`,
//   `importTranslator(…)`, `actionContext(…)` or `postAs…(…)` in the same scope
//   (`const { t } = formatters(l)`, `const f = formatters(l); f.t(…)`,
//   `formatters(l).t(…)`), as in a loader or an action;
// - in a module the route reaches only through server modules (`*.server.ts`,
//   which never reach the browser, and what only they import): a call of any
//   `t` or `x.t`, since no translator of the page's own exists there (mail
//   templates, sentences said on the server, CSV files). Such code hands the
//   page keys only by returning them (a model's refusal key, a schema's field
//   key), and those still count.
// A constant used only as a translator's argument (a table of keys, as
// `t(KEYS[kind])`) is such an argument too.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface Usage {
  /** Keys written out in full. */
  keys: Set<string>;
  /** Prefixes of keys built at run time (each stands for every key starting with it). */
  prefixes: Set<string>;
}

/**
 * Where a string stands: `plain` may reach the page as a key; `anyT` is an
 * argument of a call of some `t` (the page's own translator in browser code, the
 * server's in server-only code); `serverT` an argument of the server's translator.
 */
type Place = "plain" | "anyT" | "serverT";
const RANK: Record<Place, number> = { plain: 0, anyT: 1, serverT: 2 };
const weaker = (a: Place, b: Place): Place => (RANK[a] <= RANK[b] ? a : b);
const stronger = (a: Place, b: Place): Place => (RANK[a] >= RANK[b] ? a : b);

interface Scanned {
  /** Modules imported (value imports within the app). */
  imports: string[];
  usage: Record<Place, Usage>;
}

const moduleCache = new Map<string, Scanned>();

function resolve(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("#app/")) base = path.join(root, "app", specifier.slice(5));
  else if (specifier.startsWith("#db/")) base = path.join(root, "db", specifier.slice(4));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (/\.(ts|tsx)$/.test(candidate) && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/** A module that never reaches the browser (Remix leaves `*.server.*` files out of the client build). */
export function isServerModule(file: string): boolean {
  return /\.server\.(ts|tsx)$/.test(file) || file.split(path.sep).some((part) => part.endsWith(".server"));
}

/**
 * Calls that give the server's translator: `importTranslator(l)` itself, and
 * `formatters(l)`, `actionContext(request)`, `postAs(request, guard)` or
 * `postAsAdmin(request)` (app/web/actions.server.ts) as `.t`.
 */
const SERVER_TRANSLATORS = new Set(["formatters", "actionContext", "postAs", "postAsAdmin", "importTranslator"]);

/** What a call of SERVER_TRANSLATORS (or `.t` of one) gives: a translator, or what has one as `.t`. */
function isServerTranslatorSource(node: ts.Expression): "formatters" | "translate" | null {
  let e = node;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isAwaitExpression(e)) e = e.expression;
  if (ts.isPropertyAccessExpression(e) && e.name.text === "t" && isServerTranslatorSource(e.expression) === "formatters")
    return "translate";
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && SERVER_TRANSLATORS.has(e.expression.text))
    return e.expression.text === "importTranslator" ? "translate" : "formatters";
  return null;
}

function bindsName(name: ts.BindingName, wanted: string): ts.BindingElement | ts.Identifier | null {
  if (ts.isIdentifier(name)) return name.text === wanted ? name : null;
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    if (ts.isIdentifier(element.name) && element.name.text === wanted) return element;
    const inner = bindsName(element.name, wanted);
    if (inner) return inner;
  }
  return null;
}

/**
 * What the nearest declaration of `name` seen from `at` binds: a server translator
 * (`translate`), the server's formatters (`formatters`), or something else (null).
 */
function boundTo(name: string, at: ts.Node): "formatters" | "translate" | null {
  for (let scope: ts.Node | undefined = at.parent; scope; scope = scope.parent) {
    if (ts.isFunctionLike(scope)) {
      const parameter = scope.parameters.find((p) => bindsName(p.name, name));
      if (parameter) return actionContextTranslator(parameter, name);
    }
    if (!(ts.isBlock(scope) || ts.isSourceFile(scope))) continue;
    for (const statement of scope.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        const bound = bindsName(declaration.name, name);
        if (!bound) continue;
        if (!declaration.initializer) return null;
        const source = isServerTranslatorSource(declaration.initializer);
        if (bound === declaration.name) return source;
        // Destructured: `{ t } = formatters(l)` or `{ t: say } = formatters(l)`.
        const element = bound as ts.BindingElement;
        const property = element.propertyName ?? element.name;
        return source === "formatters" && ts.isIdentifier(property) && property.text === "t" ? "translate" : null;
      }
    }
  }
  return null;
}

/**
 * A parameter that hands on an action's head (`{ t }: Pick<ActionContext, "t">`,
 * app/web/actions.server.ts): its `t` is the server's translator.
 */
function actionContextTranslator(parameter: ts.ParameterDeclaration, name: string): "translate" | null {
  const bound = bindsName(parameter.name, name);
  if (!bound || bound === parameter.name || !parameter.type) return null;
  const element = bound as ts.BindingElement;
  const property = element.propertyName ?? element.name;
  const typed = /\bActionContext\b/.test(parameter.type.getText());
  return typed && ts.isIdentifier(property) && property.text === "t" ? "translate" : null;
}

/** Whether a call translates, and with which translator. */
function translation(call: ts.CallExpression): Place | null {
  const callee = call.expression;
  if (isServerTranslatorSource(callee) === "translate") return "serverT";
  if (ts.isIdentifier(callee)) {
    if (boundTo(callee.text, callee) === "translate") return "serverT";
    return callee.text === "t" ? "anyT" : null;
  }
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === "t") {
    const target = callee.expression;
    if (ts.isIdentifier(target) && boundTo(target.text, target) === "formatters") return "serverT";
    return "anyT";
  }
  return null;
}

/** Where each constant of the module is used: the weakest place of its references. */
function constantPlaces(source: ts.SourceFile): Map<ts.VariableDeclaration, Place> {
  const constants = new Map<string, ts.VariableDeclaration>();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const declaration of statement.declarationList.declarations)
      if (ts.isIdentifier(declaration.name) && declaration.initializer) constants.set(declaration.name.text, declaration);
  }
  const places = new Map<ts.VariableDeclaration, Place>();
  const visit = (node: ts.Node, place: Place): void => {
    if (ts.isTypeNode(node)) return;
    if (ts.isIdentifier(node)) {
      const declaration = constants.get(node.text);
      if (declaration && declaration.name !== node) places.set(declaration, weaker(places.get(declaration) ?? "serverT", place));
      return;
    }
    if (ts.isCallExpression(node)) {
      const inner = translation(node);
      visit(node.expression, place);
      for (const arg of node.arguments) visit(arg, inner ? stronger(place, inner) : place);
      return;
    }
    ts.forEachChild(node, (child) => visit(child, place));
  };
  visit(source, "plain");
  // A constant never referenced is nobody's argument: its strings stay plain.
  for (const declaration of constants.values()) if (!places.has(declaration)) places.set(declaration, "plain");
  return places;
}

/**
 * A list of message selectors (a constant typed as MessageSelector[], as the
 * customer's INTERNAL_ONLY): it names keys, it does not show them.
 */
function isSelectorList(node: ts.Node): boolean {
  return ts.isVariableDeclaration(node) && node.type !== undefined && /\bMessageSelector\b/.test(node.type.getText());
}

function scan(file: string): Scanned {
  const cached = moduleCache.get(file);
  if (cached) return cached;
  const source = ts.createSourceFile(
    file,
    fs.readFileSync(file, "utf8"),
    ts.ScriptTarget.Latest,
    true,
    file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const imports: string[] = [];
  const usage: Record<Place, Usage> = {
    plain: { keys: new Set(), prefixes: new Set() },
    anyT: { keys: new Set(), prefixes: new Set() },
    serverT: { keys: new Set(), prefixes: new Set() },
  };
  const addImport = (specifier: string) => {
    const resolved = resolve(file, specifier);
    if (resolved) imports.push(resolved);
  };
  const constants = constantPlaces(source);
  const visit = (node: ts.Node, place: Place): void => {
    if (ts.isImportDeclaration(node)) {
      if (!node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier))
        addImport(node.moduleSpecifier.text);
      return;
    }
    if (ts.isExportDeclaration(node)) {
      if (!node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
        addImport(node.moduleSpecifier.text);
      return;
    }
    if (ts.isTypeNode(node) || ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node)) return;
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg)) addImport(arg.text);
    }
    if (ts.isPropertyAssignment(node)) {
      // A catalogue entry's name is not a use of the key; its value may be.
      visit(node.initializer, place);
      return;
    }
    if (isSelectorList(node)) return;
    if (ts.isVariableDeclaration(node) && constants.has(node)) {
      visit(node.initializer!, stronger(place, constants.get(node)!));
      return;
    }
    if (ts.isCallExpression(node)) {
      const inner = translation(node);
      if (inner) {
        visit(node.expression, place);
        for (const arg of node.arguments) visit(arg, stronger(place, inner));
        return;
      }
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) usage[place].keys.add(node.text);
    else if (ts.isTemplateExpression(node)) {
      if (node.head.text) usage[place].prefixes.add(node.head.text);
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.PlusToken &&
      ts.isStringLiteral(node.left)
    ) {
      usage[place].prefixes.add(node.left.text);
    }
    ts.forEachChild(node, (child) => visit(child, place));
  };
  visit(source, "plain");
  const result = { imports, usage };
  moduleCache.set(file, result);
  return result;
}

/** Files whose strings are the catalogues themselves, not uses of them. */
const CATALOGUES = [path.join(root, "app/i18n/en.ts"), path.join(root, "app/i18n/fi.ts")];

/**
 * The modules a file loads (itself first), following value imports within the
 * app; with `browser`, only those that can reach the browser (not through a
 * server module).
 */
export function moduleGraph(file: string, options: { browser?: boolean } = {}): string[] {
  const seen = new Set<string>();
  const stack = [path.resolve(root, file)];
  while (stack.length) {
    const next = stack.pop()!;
    if (seen.has(next) || CATALOGUES.includes(next)) continue;
    if (options.browser && isServerModule(next)) continue;
    seen.add(next);
    stack.push(...scan(next).imports);
  }
  return [...seen];
}

/** A module's usage as keys of the catalogue (prefixes expanded), cached per catalogue. */
const expanded = new WeakMap<readonly string[], Map<string, Record<Place, Set<string>>>>();
function keysOf(module: string, allKeys: readonly string[]): Record<Place, Set<string>> {
  let byModule = expanded.get(allKeys);
  if (!byModule) expanded.set(allKeys, (byModule = new Map()));
  const cached = byModule.get(module);
  if (cached) return cached;
  const keySet = new Set(allKeys);
  const expand = (usage: Usage): Set<string> => {
    const keys = new Set([...usage.keys].filter((key) => keySet.has(key)));
    for (const prefix of usage.prefixes) {
      // Only prefixes that end inside a key's dotted path build keys ("kind." or "signal.rule.").
      if (!prefix.includes(".")) continue;
      for (const key of allKeys) if (key.startsWith(prefix)) keys.add(key);
    }
    return keys;
  };
  const { usage } = scan(module);
  const result = { plain: expand(usage.plain), anyT: expand(usage.anyT), serverT: expand(usage.serverT) };
  byModule.set(module, result);
  return result;
}

/** The keys of `allKeys` a route file (and what it imports) can show from the page's messages. */
export function keysUsedBy(file: string, allKeys: readonly string[]): Set<string> {
  const used = new Set<string>();
  const browser = new Set(moduleGraph(file, { browser: true }));
  for (const module of moduleGraph(file)) {
    const keys = keysOf(module, allKeys);
    for (const key of keys.plain) used.add(key);
    // A `t` of code that reaches the browser may be the page's own translator.
    if (browser.has(module)) for (const key of keys.anyT) used.add(key);
  }
  return used;
}
