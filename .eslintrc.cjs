/**
 * Lint: TypeScript and React rules that catch bugs; formatting is Prettier's job.
 * The layers of app/ and what each may import are held here with
 * no-restricted-imports, one override per folder (docs/architecture.md explains
 * them; tests/unit/layers.test.ts shows each line failing when crossed).
 */

/**
 * Import patterns are gitignore lines, where a leading "#" starts a comment:
 * `g("#app/web/*")` escapes it so the pattern matches the #app/ alias.
 */
const g = (...patterns) => patterns.map((p) => p.replace(/^(!?)#/, "$1\\#"));

/**
 * Size (issue 18): no function over 100 lines and no file over 450, outside
 * tests, data files, message catalogues and the hand-kept table types. The
 * files that are still over are listed below; a file leaves its list when it
 * is split, and no file may join one.
 */
const SIZE_LIMITS = {
  files: ["app/**/*.{ts,tsx}", "db/**/*.ts", "scripts/**/*.{mjs,js,cjs}", "bench/**/*.ts"],
  excludedFiles: ["app/i18n/messages/**", "app/data/**", "db/schema.ts"],
  rules: {
    "max-lines-per-function": ["error", { max: 100 }],
    "max-lines": ["error", { max: 450 }],
  },
};

/** Relative imports reach up one folder at most; everything else goes through an alias. */
const ALIAS = { group: ["../*", "./../*"], message: "Use the #app/, #db/, #tests/ or #scripts/ import alias." };

const REQUEST = {
  group: g("#app/web/*", "#app/routes/*"),
  message:
    "The request layer (app/web/, app/routes/) is for routes only: pass values in, or throw a domain error from app/utils/errors.server.ts.",
};
const REMIX = {
  group: ["@remix-run/*", "react", "react-dom", "react-dom/*", "@conform-to/*"],
  message: "No Remix, React or Conform here: this layer runs outside a request and a page.",
};
const UI = {
  group: g("#app/components/*"),
  message: "Components are UI: move what both need to app/domain/ or app/schemas/.",
};
const MODELS = { group: g("#app/models/*"), message: "Models sit above this layer: it may not import them." };
const BASE = { group: g("#app/utils/*"), message: "The base layer (app/utils/) is server code for models and routes." };
const DATABASE = { group: g("#db/*", "kysely", "kysely/*"), message: "No database access in this layer." };
const SERVER_ONLY = {
  group: ["**/*.server", "**/*.server.ts", "**/*.server.tsx"],
  message: "Server-only modules stay out of what the browser bundles.",
};

const ZOD_MESSAGE =
  "No Zod in what the browser loads: define schemas in app/schemas/ and parse them in the loader or action.";
/** Zod itself, by exact name ("zod" as a pattern would match @conform-to/zod too). */
const NO_ZOD = ["zod", "zod/v4", "zod/v4/core", "zod/mini"].map((name) => ({
  name,
  allowTypeImports: true,
  message: ZOD_MESSAGE,
}));
const NO_CONFORM_ZOD = { group: ["@conform-to/zod", "@conform-to/zod/*"], message: ZOD_MESSAGE };

/** Restricts imports for files under `files`: the alias rule plus the groups named. */
function layer(files, ...groups) {
  return { files, rules: { "no-restricted-imports": ["error", { patterns: [ALIAS, ...groups] }] } };
}

module.exports = {
  root: true,
  parser: "@typescript-eslint/parser",
  parserOptions: { ecmaVersion: "latest", sourceType: "module", ecmaFeatures: { jsx: true } },
  env: { browser: true, node: true, es2023: true },
  plugins: ["@typescript-eslint", "react", "react-hooks"],
  extends: [
    "eslint:recommended",
    "plugin:@typescript-eslint/recommended",
    "plugin:react/recommended",
    "plugin:react/jsx-runtime",
    "plugin:react-hooks/recommended",
  ],
  settings: { react: { version: "18.3" } },
  ignorePatterns: ["node_modules", "build", "public/build", ".cache", ".data"],
  rules: {
    "@typescript-eslint/no-explicit-any": "off",
    "@typescript-eslint/no-non-null-assertion": "off",
    "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    "react/prop-types": "off",
    "no-restricted-imports": ["error", { patterns: [ALIAS] }],
    // Links come from app/components/ui/link.tsx, which the server's render swaps for lighter ones writing the same HTML.
    "no-restricted-syntax": [
      "error",
      {
        selector:
          "ImportDeclaration[source.value=/^(@remix-run\\/react|react-router-dom|react-router)$/] > ImportSpecifier[imported.name=/^(Nav)?Link$/]",
        message: "Import Link and NavLink from #app/components/ui/link.tsx (the server renders them lighter).",
      },
      {
        selector:
          "ImportDeclaration[source.value=/^(@remix-run\\/react|react-router-dom|react-router)$/] > ImportNamespaceSpecifier",
        message: "Import from @remix-run/react by name (Link and NavLink from #app/components/ui/link.tsx).",
      },
      {
        selector:
          "ExportNamedDeclaration[source.value=/^(@remix-run\\/react|react-router-dom|react-router)$/] > ExportSpecifier[local.name=/^(Nav)?Link$/]",
        message: "Re-export Link and NavLink from #app/components/ui/link.tsx only.",
      },
    ],
  },
  overrides: [
    {
      // Domain logic is plain TypeScript: itself, zod and csv-parse, nothing else.
      files: ["app/domain/**"],
      rules: {
        "no-restricted-imports": [
          "error",
          {
            patterns: [
              {
                group: g(
                  "*",
                  "!.",
                  "!./**",
                  "!..",
                  "!../**",
                  "!#app",
                  "!#app/domain",
                  "!#app/domain/**",
                  "!zod",
                  "!zod/**",
                  "!csv-parse",
                  "!csv-parse/**",
                ),
                message:
                  "The domain imports only itself, zod and csv-parse: no Remix, React, database, models, i18n or request layer.",
              },
              { group: ["../../*"], message: "The domain imports only itself." },
            ],
          },
        ],
      },
    },
    // Shapes of forms, API bodies and import rows: the domain, the catalogues' types and zod.
    layer(["app/schemas/**"], REQUEST, REMIX, UI, MODELS, BASE, DATABASE),
    // Catalogues and formatting: no data, no request.
    layer(["app/i18n/**"], REQUEST, UI, MODELS, BASE, DATABASE),
    // The base layer models may use: the database handle, errors, audit, env, passwords, cursors.
    layer(["app/utils/**"], REQUEST, REMIX, UI, MODELS),
    // Models take the database handle and return data or throw domain errors: never HTTP, never UI.
    layer(["app/models/**"], REQUEST, REMIX, UI),
    // UI pieces get their data as props: no models, no request or base layer, nothing server-only.
    layer(["app/components/**"], REQUEST, MODELS, BASE, DATABASE, SERVER_ONLY),
    {
      // What the browser loads carries no Zod (scripts/check-bundle.mjs fails on it): schemas are
      // checked on the server. A route imports app/schemas/ for its loader and action (the browser
      // build drops them, and parseWithZod with them), never zod itself; a component takes a schema as a type only
      // (useZodForm<typeof SomeForm>) and values from the Zod-free app/schemas/*.values.ts.
      files: ["app/components/**", "app/routes/**"],
      excludedFiles: ["**/*.server.ts", "**/*.server.tsx"],
      rules: { "@typescript-eslint/no-restricted-imports": ["error", { paths: NO_ZOD }] },
    },
    {
      files: ["app/components/**"],
      rules: {
        "@typescript-eslint/no-restricted-imports": [
          "error",
          {
            paths: NO_ZOD,
            patterns: [
              NO_CONFORM_ZOD,
              {
                group: g("#app/schemas/*", "!#app/schemas/*.values.ts", "!#app/schemas/form-reply.ts"),
                allowTypeImports: true,
                message:
                  "Schemas are for the server: import a schema as a type, and values from app/schemas/*.values.ts (no Zod in the browser).",
              },
            ],
          },
        ],
      },
    },
    // The request layer serves routes: it may use models and the base layer, never route modules or UI.
    layer(
      ["app/web/**"],
      { group: g("#app/routes/*"), message: "The request layer may not import route modules." },
      UI,
    ),
    // The database's own files (schema, connection, migrator) stand apart from the app.
    layer(["db/schema.ts", "db/connection.ts", "db/env.ts", "db/migrator.ts", "db/migrate.ts"], {
      group: g("#app/*", "#tests/*"),
      message: "The database's own files do not import the app.",
    }),
    // The demo generator builds on models and the domain, never on the request layer or UI.
    layer(["db/seed.ts", "db/seed/**"], REQUEST, REMIX, UI),
    {
      // Migrations are frozen in time and never import app code.
      files: ["db/migrations/**"],
      rules: { "no-restricted-imports": ["error", { patterns: g("#app/*", "#tests/*", "../*") }] },
    },
    SIZE_LIMITS,
  ],
};
