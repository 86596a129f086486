// The JavaScript a page loads is not needed to show it: every page is whole as
// the server renders it (forms work without JavaScript) and module scripts never
// hold back the first paint. Remix's <Scripts /> preloads the page's modules at
// the browser's default priority for scripts (high), beside the stylesheet the
// first paint does wait for; at low priority they yield the line to the document,
// the stylesheet and images on a slow connection, and start right after.
//
// The page stays bytes from React's stream to the response: decoding it into a
// string for the replacement and handing `new Response` that string made undici
// check the whole page for lone surrogates and encode it again (that conversion
// was 0.9 % and 6.2 % of the sampled CPU in two profiles of the portfolio page at
// the large size; in paired runs the CPU per page did not move beyond the noise).

const MODULE_PRELOAD = Buffer.from('<link rel="modulepreload"');
const LOW_PRIORITY = Buffer.from(' fetchpriority="low"');

/** The page's HTML with every module preload Remix wrote marked `fetchpriority="low"`. */
export function withLowPriorityModulePreloads(html: Buffer): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = html.indexOf(MODULE_PRELOAD); at !== -1; at = html.indexOf(MODULE_PRELOAD, from)) {
    const end = at + MODULE_PRELOAD.length;
    parts.push(html.subarray(from, end), LOW_PRIORITY);
    from = end;
  }
  if (parts.length === 0) return html;
  parts.push(html.subarray(from));
  return Buffer.concat(parts);
}
