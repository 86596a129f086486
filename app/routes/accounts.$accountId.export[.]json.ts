import type { LoaderFunctionArgs } from "@remix-run/node";
import { accountExport, streamOf } from "#app/models/account-export.server.ts";
import { notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { parseId } from "#app/web/params.ts";

/** An account's whole history as one JSON document, streamed (see app/models/account-export.server.ts). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const chunks = await accountExport(db(), accountId);
  if (!chunks) notFound();
  return new Response(streamOf(chunks), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="kohtaamo-account-${accountId}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
