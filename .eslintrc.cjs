/** Lint: TypeScript and React rules that catch bugs; formatting is Prettier's job. */
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
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          { group: ["../*", "./../*"], message: "Use the #app/, #db/ or #tests/ import alias." },
        ],
      },
    ],
  },
  overrides: [
    {
      // Domain logic is plain TypeScript: no Remix, no database.
      files: ["app/domain/**"],
      rules: {
        "no-restricted-imports": [
          "error",
          { patterns: ["@remix-run/*", "kysely", "kysely/*", "#db/*", "#app/utils/*", "#app/models/*", "react"] },
        ],
      },
    },
    {
      // Migrations are frozen in time and never import app code.
      files: ["db/migrations/**"],
      rules: { "no-restricted-imports": ["error", { patterns: ["#app/*", "#tests/*", "../*"] }] },
    },
  ],
};
