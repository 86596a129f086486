import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

// The layers of app/ (docs/architecture.md) are held by the lint rule
// no-restricted-imports in .eslintrc.cjs. Each case lints one import as if it
// were written in a file of that folder, with the project's own configuration.

/** The part of ESLint 8's Node.js API used here (the package ships no types). */
interface Linter {
  lintText(
    code: string,
    options: { filePath: string },
  ): Promise<{ messages: { ruleId: string | null; message: string }[] }[]>;
}
const { ESLint } = createRequire(import.meta.url)("eslint") as { ESLint: new (options: { cwd: string }) => Linter };

const root = fileURLToPath(new URL("../..", import.meta.url));
let eslint: Linter;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The restricted-import messages for `import … from source` in a file at `filePath`. */
async function refusals(filePath: string, source: string, { typeOnly = false } = {}): Promise<string[]> {
  const code = typeOnly
    ? `import type { X } from "${source}";\nexport type Y = X;\n`
    : `import * as x from "${source}";\nexport const y = x;\n`;
  const [result] = await eslint.lintText(code, { filePath: `${root}/${filePath}` });
  return result!.messages
    .filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId === "@typescript-eslint/no-restricted-imports")
    .map((m) => m.message);
}

const WRONG_WAY: [file: string, source: string][] = [
  // Models: no request layer, no Remix, no UI.
  ["app/models/example.server.ts", "#app/web/session.server.ts"],
  ["app/models/example.server.ts", "#app/routes/_app.tsx"],
  ["app/models/example.server.ts", "@remix-run/node"],
  ["app/models/example.server.ts", "#app/components/org-chart.tsx"],
  ["app/models/import/example.server.ts", "#app/web/api.server.ts"],
  // The base layer: below models.
  ["app/utils/example.server.ts", "#app/models/accounts.server.ts"],
  ["app/utils/example.server.ts", "#app/web/request.server.ts"],
  // The domain: itself and small libraries only.
  ["app/domain/example.ts", "#app/i18n/index.ts"],
  ["app/domain/example.ts", "#app/models/accounts.server.ts"],
  ["app/domain/example.ts", "#app/utils/db.server.ts"],
  ["app/domain/example.ts", "#db/schema.ts"],
  ["app/domain/example.ts", "react"],
  ["app/domain/example.ts", "kysely"],
  ["app/domain/import/example.ts", "../../models/accounts.server.ts"],
  // Components: data comes as props.
  ["app/components/example.tsx", "#app/models/accounts.server.ts"],
  ["app/components/example.tsx", "#app/web/forms.server.ts"],
  ["app/components/example.tsx", "#app/utils/db.server.ts"],
  ["app/components/ui/example.tsx", "#db/schema.ts"],
  // Schemas and catalogues: shapes and words.
  ["app/schemas/example.ts", "#app/models/accounts.server.ts"],
  ["app/schemas/example.ts", "#app/web/auth.server.ts"],
  ["app/i18n/example.ts", "#app/web/request.server.ts"],
  ["app/i18n/example.ts", "#app/models/accounts.server.ts"],
  // The request layer serves routes; it does not import them.
  ["app/web/example.server.ts", "#app/routes/login.tsx"],
  ["app/web/example.server.ts", "#app/components/app-header.tsx"],
  // Migrations and the database's own files stand apart from the app.
  ["db/migrations/20990101_0000_example.ts", "#app/utils/db.server.ts"],
  ["db/connection.ts", "#app/utils/env.server.ts"],
  // Everywhere: no climbing out of a folder with ../
  ["app/routes/example.tsx", "../models/accounts.server.ts"],
  // No Zod in what the browser loads: schemas are checked on the server (scripts/check-bundle.mjs).
  ["app/routes/example.tsx", "zod"],
  ["app/components/example.tsx", "zod"],
  ["app/components/example.tsx", "@conform-to/zod/v4"],
  ["app/components/example.tsx", "#app/schemas/touchpoint.ts"],
];

const RIGHT_WAY: [file: string, source: string][] = [
  ["app/routes/example.tsx", "#app/models/accounts.server.ts"],
  ["app/routes/example.tsx", "#app/web/auth.server.ts"],
  ["app/routes/example.tsx", "#app/utils/db.server.ts"],
  ["app/routes/example.tsx", "#app/components/app-header.tsx"],
  ["app/web/example.server.ts", "#app/models/sessions.server.ts"],
  ["app/web/example.server.ts", "#app/utils/db.server.ts"],
  ["app/models/example.server.ts", "#app/utils/db.server.ts"],
  ["app/models/example.server.ts", "#app/domain/time.ts"],
  ["app/models/example.server.ts", "#db/schema.ts"],
  ["app/models/example.server.ts", "kysely"],
  ["app/utils/example.server.ts", "#db/connection.ts"],
  ["app/domain/example.ts", "#app/domain/time.ts"],
  ["app/domain/example.ts", "./vocabulary.ts"],
  ["app/domain/import/example.ts", "../dates.ts"],
  ["app/domain/example.ts", "zod"],
  ["app/domain/example.ts", "csv-parse/sync"],
  ["app/components/example.tsx", "#app/domain/vocabulary.ts"],
  ["app/components/example.tsx", "#app/schemas/form-reply.ts"],
  ["app/components/example.tsx", "#app/components/ui/field.tsx"],
  ["app/components/example.tsx", "@remix-run/react"],
  ["app/schemas/example.ts", "#app/domain/vocabulary.ts"],
  ["app/components/example.tsx", "#app/schemas/touchpoint.values.ts"],
  ["app/routes/example.tsx", "#app/schemas/touchpoint.ts"],
  ["app/routes/example.tsx", "@conform-to/zod/v4"],
  ["app/routes/example.server.ts", "zod"],
  ["app/i18n/example.ts", "#app/domain/time.ts"],
  ["db/seed/example.ts", "#app/domain/scoring-settings.ts"],
];

describe("the layers of app/", () => {
  it.each(WRONG_WAY)("%s may not import %s", async (file, source) => {
    expect(await refusals(file, source)).not.toEqual([]);
  });

  it.each(RIGHT_WAY)("%s may import %s", async (file, source) => {
    expect(await refusals(file, source)).toEqual([]);
  });

  it("refuses a type-only import across a line as well", async () => {
    expect(
      await refusals("app/components/example.tsx", "#app/models/accounts.server.ts", { typeOnly: true }),
    ).not.toEqual([]);
    expect(
      await refusals("app/models/example.server.ts", "#app/web/session.server.ts", { typeOnly: true }),
    ).not.toEqual([]);
  });

  it("lets a component or route take a schema or Zod as a type only", async () => {
    expect(await refusals("app/components/example.tsx", "#app/schemas/touchpoint.ts", { typeOnly: true })).toEqual([]);
    expect(await refusals("app/components/example.tsx", "zod", { typeOnly: true })).toEqual([]);
    expect(await refusals("app/routes/example.tsx", "zod", { typeOnly: true })).toEqual([]);
  });

  it("takes links only from app/components/ui/link.tsx, which the server renders lighter", async () => {
    const linkRefusals = async (code: string) => {
      const [result] = await eslint.lintText(code, { filePath: `${root}/app/components/example.tsx` });
      return result!.messages.filter((m) => m.ruleId === "no-restricted-syntax").length;
    };
    for (const code of [
      `import { Link } from "@remix-run/react";\nexport const L = Link;\n`,
      `import { NavLink as N } from "react-router-dom";\nexport const L = N;\n`,
      `import * as remix from "@remix-run/react";\nexport const L = remix.Link;\n`,
      `export { Link } from "react-router";\n`,
    ])
      expect([code, await linkRefusals(code)]).toEqual([code, 1]);
    for (const code of [
      `import { Link, NavLink } from "#app/components/ui/link.tsx";\nexport const L = [Link, NavLink];\n`,
      `import { useLoaderData } from "@remix-run/react";\nexport const L = useLoaderData;\n`,
    ])
      expect([code, await linkRefusals(code)]).toEqual([code, 0]);
  });
});

describe("size limits (issue 18)", () => {
  /** The size rules' messages for `code` written in a file at `filePath`. */
  async function sizeFindings(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: `${root}/${filePath}` });
    return result!.messages
      .filter((m) => m.ruleId === "max-lines-per-function" || m.ruleId === "max-lines")
      .map((m) => m.ruleId!);
  }
  const fn = (lines: number) => `export function f(): number {\n${"  void 0;\n".repeat(lines - 3)}  return 1;\n}\n`;

  it("refuses a function over 100 lines and a file over 450 lines in app/, and allows them at the limits", async () => {
    expect(await sizeFindings("app/models/example.server.ts", fn(101))).toEqual(["max-lines-per-function"]);
    expect(await sizeFindings("app/models/example.server.ts", fn(100))).toEqual([]);
    const manyFunctions = (count: number) =>
      Array.from({ length: count }, (_, i) => fn(5).replace("function f", `function f${i}`)).join("");
    expect(await sizeFindings("app/components/example.tsx", manyFunctions(91))).toEqual(["max-lines"]); // 91 × 5 = 455 lines
    expect(await sizeFindings("app/components/example.tsx", manyFunctions(90))).toEqual([]);
  });

  it("leaves tests, message catalogues and data files out", async () => {
    expect(await sizeFindings("tests/unit/example.test.ts", fn(150))).toEqual([]);
    expect(await sizeFindings("app/i18n/messages/example.ts", fn(150))).toEqual([]);
    expect(await sizeFindings("app/data/example.server.ts", fn(150))).toEqual([]);
  });
});
