import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarDate } from "#app/domain/time.ts";
import { listLedger } from "#app/models/expectations.server.ts";
import { LEDGER_GROUPS, parseLedgerQuery } from "#app/schemas/expectation.ts";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { csvResponse, type CsvCell } from "#app/web/csv.server.ts";
import { db } from "#app/utils/db.server.ts";

const HEADER = [
  "group", "title", "category", "importance", "source", "status", "outcome", "original_due_date", "due_date",
  "delivered_on", "customer_response", "holder", "owner", "id",
];

/** The expectation ledger with the page's filters (group, category, holder, owner), group by group in the page's order. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { accountId, account } = await requireAccountPage(request, params);
  const { cursor: _ignored, ...filters } = parseLedgerQuery(new URL(request.url).searchParams);
  const today = calendarDate();
  async function* batches(): AsyncGenerator<CsvCell[][]> {
    for (const group of filters.group ? [filters.group] : LEDGER_GROUPS) {
      let cursor: string | undefined;
      do {
        const ledger: Awaited<ReturnType<typeof listLedger>> = await listLedger(db(), accountId, {
          ...filters,
          today,
          group,
          cursor,
          limit: 500,
        });
        const page = ledger.groups[0]!;
        yield page.items.map((e) => [
          group,
          e.title,
          e.category,
          e.importance,
          e.source,
          e.status,
          e.outcome,
          e.original_due_date,
          e.due_date,
          e.delivered_on,
          e.customer_response,
          e.holder_name,
          e.owner_name,
          e.id,
        ]);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
  }
  return csvResponse(`kohtaamo-expectations-${account.external_id ?? account.id}.csv`, HEADER, batches());
}
