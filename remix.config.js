import { createRequire } from "node:module";

// The classic compiler empties every `*.server.ts` module for the browser as
// `module.exports = {}` without saying it has no side effects, so esbuild keeps
// each one a route imports (for its loader) as its own chunk: ~20 requests for
// nothing per page (remix-run/remix#209, #5394). An empty module has no side
// effects: say so, and esbuild drops it. scripts/check-bundle.mjs fails on any
// empty chunk, so a Remix update that moves this plugin shows at once.
try {
  const emptyModules = createRequire(import.meta.url)("@remix-run/dev/dist/compiler/plugins/emptyModules.js");
  const original = emptyModules.emptyModulesPlugin;
  if (!original.sideEffectFree) {
    emptyModules.emptyModulesPlugin = Object.assign(
      (...args) => {
        const plugin = original(...args);
        return {
          ...plugin,
          setup(build) {
            const onResolve = build.onResolve.bind(build);
            plugin.setup({
              ...build,
              onLoad: build.onLoad.bind(build),
              onResolve: (options, callback) =>
                onResolve(options, async (resolveArgs) => {
                  const result = await callback(resolveArgs);
                  return result ? { ...result, sideEffects: false } : result;
                }),
            });
          },
        };
      },
      { sideEffectFree: true },
    );
  }
} catch {
  // Not building (e.g. tests reading this file without @remix-run/dev's compiler): nothing to adjust.
}

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}", "**/__*.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  postcss: true,
  tailwind: false,
  // Our own "#app/…" and "#db/…" subpath imports are source, not packages: bundle them.
  serverDependenciesToBundle: [/^#(app|db)\//],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
