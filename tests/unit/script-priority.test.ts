import { describe, expect, it } from "vitest";
import { withLowPriorityModulePreloads } from "#app/web/script-priority.server.ts";

describe("module preloads at low priority", () => {
  it("marks every module preload Remix writes, and nothing else", () => {
    const html =
      '<head><link rel="stylesheet" href="/build/_assets/tailwind.css"/></head><body><p>&lt;link rel=&quot;modulepreload&quot;</p>' +
      '<link rel="modulepreload" href="/build/entry.client.js"/><link rel="modulepreload" href="/build/root.js"/>' +
      '<script type="module">import "/build/root.js";</script></body>';
    expect(withLowPriorityModulePreloads(Buffer.from(html)).toString("utf8")).toBe(
      '<head><link rel="stylesheet" href="/build/_assets/tailwind.css"/></head><body><p>&lt;link rel=&quot;modulepreload&quot;</p>' +
        '<link rel="modulepreload" fetchpriority="low" href="/build/entry.client.js"/><link rel="modulepreload" fetchpriority="low" href="/build/root.js"/>' +
        '<script type="module">import "/build/root.js";</script></body>',
    );
  });

  it("leaves a page without scripts as it is", () => {
    const html =
      '<html><head><link rel="stylesheet" href="/a.css"/></head><body><form method="post"></form></body></html>';
    expect(withLowPriorityModulePreloads(Buffer.from(html)).toString("utf8")).toBe(html);
  });

  it("keeps every other byte, letters outside ASCII and a preload at the very end included", () => {
    const html = '<p>Kestilä — “Oy” ✓</p><link rel="modulepreload"';
    expect(withLowPriorityModulePreloads(Buffer.from(html)).toString("utf8")).toBe(
      '<p>Kestilä — “Oy” ✓</p><link rel="modulepreload" fetchpriority="low"',
    );
  });
});
