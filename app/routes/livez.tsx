/**
 * Liveness without touching the database: for process supervisors, and the
 * benchmark's floor (the cost of a Remix request that does no work).
 */
export function loader() {
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
