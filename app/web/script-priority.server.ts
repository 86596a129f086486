// The JavaScript a page loads is not needed to show it: every page is whole as
// the server renders it (forms work without JavaScript) and module scripts never
// hold back the first paint. Remix's <Scripts /> preloads the page's modules at
// the browser's default priority for scripts (high), beside the stylesheet the
// first paint does wait for; at low priority they yield the line to the document,
// the stylesheet and images on a slow connection, and start right after.

const MODULE_PRELOAD = '<link rel="modulepreload"';

/** The page's HTML with every module preload Remix wrote marked `fetchpriority="low"`. */
export function withLowPriorityModulePreloads(html: string): string {
  return html.replaceAll(MODULE_PRELOAD, `${MODULE_PRELOAD} fetchpriority="low"`);
}
