import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

// Which catalogue keys a route can show, read from the source: every module the
// route file imports (its components, their helpers, and the server modules its
// loader uses, whose keys may reach the page in loader data), and in each module
// every string that is a message key, and every key a template literal or a
// concatenation can build (`kind.${k}` stands for every key starting "kind.").
// Catalogue entries (property names) and type positions do not count.
// tests/unit/page-messages.test.ts holds each route's `handle.messages` to it.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface Usage {
  /** Keys written out in full. */
  keys: Set<string>;
  /** Prefixes of keys built at run time (each stands for every key starting with it). */
  prefixes: Set<string>;
}

const moduleCache = new Map<string, { imports: string[]; usage: Usage }>();

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

function scan(file: string): { imports: string[]; usage: Usage } {
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
  const usage: Usage = { keys: new Set(), prefixes: new Set() };
  const addImport = (specifier: string) => {
    const resolved = resolve(file, specifier);
    if (resolved) imports.push(resolved);
  };
  const visit = (node: ts.Node): void => {
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
      visit(node.initializer);
      return;
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) usage.keys.add(node.text);
    else if (ts.isTemplateExpression(node)) {
      if (node.head.text) usage.prefixes.add(node.head.text);
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.PlusToken &&
      ts.isStringLiteral(node.left)
    ) {
      usage.prefixes.add(node.left.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const result = { imports, usage };
  moduleCache.set(file, result);
  return result;
}

/** Files whose strings are the catalogues themselves, not uses of them. */
const CATALOGUES = [path.join(root, "app/i18n/en.ts"), path.join(root, "app/i18n/fi.ts")];

/** The modules a file loads (itself first), following value imports within the app. */
export function moduleGraph(file: string): string[] {
  const seen = new Set<string>();
  const stack = [path.resolve(root, file)];
  while (stack.length) {
    const next = stack.pop()!;
    if (seen.has(next) || CATALOGUES.includes(next)) continue;
    seen.add(next);
    stack.push(...scan(next).imports);
  }
  return [...seen];
}

/**
 * The keys of `allKeys` a route file (and what it imports) can show. A file in
 * `stop` is not followed (a parent layout's modules are the parent's).
 */
export function keysUsedBy(file: string, allKeys: readonly string[]): Set<string> {
  const keySet = new Set(allKeys);
  const used = new Set<string>();
  for (const module of moduleGraph(file)) {
    const { usage } = scan(module);
    for (const key of usage.keys) if (keySet.has(key)) used.add(key);
    for (const prefix of usage.prefixes) {
      // Only prefixes that end inside a key's dotted path build keys ("kind." or "signal.rule.").
      if (!prefix.includes(".")) continue;
      for (const key of allKeys) if (key.startsWith(prefix)) used.add(key);
    }
  }
  return used;
}
