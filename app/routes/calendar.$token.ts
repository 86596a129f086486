import type { LoaderFunctionArgs } from "@remix-run/node";
import { feedOwner, feedText } from "#app/models/calendar.server.ts";
import { FeedTokenParam } from "#app/schemas/calendar.ts";
import { db } from "#app/utils/db.server.ts";

// A member of staff's private calendar feed, `/calendar/<token>.ics`: calendar
// programs subscribe to it without signing in, so the secret token in the URL
// is the only key (stored hashed; regenerated or revoked at /settings/calendar).
// Anything else — a revoked, altered or made-up token, a disabled user — is a
// bare 404 that tells nothing.

const notFound = () => new Response("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

export async function loader({ params }: LoaderFunctionArgs) {
  const parsed = FeedTokenParam.safeParse(params.token);
  if (!parsed.success) return notFound();
  const owner = await feedOwner(db(), parsed.data);
  if (!owner) return notFound();
  return new Response(await feedText(db(), owner), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="kohtaamo.ics"',
      // Personal data: no shared cache keeps it; search engines never index it.
      "Cache-Control": "private, no-store",
      "Referrer-Policy": "no-referrer",
      "X-Robots-Tag": "noindex",
    },
  });
}
