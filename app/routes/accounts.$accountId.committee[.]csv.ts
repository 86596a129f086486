import type { LoaderFunctionArgs } from "@remix-run/node";
import { listStakeholders } from "#app/models/stakeholders.server.ts";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { csvResponse, type CsvCell } from "#app/web/csv.server.ts";
import { db } from "#app/utils/db.server.ts";

/**
 * The buying committee of one account, present members first, with whom each
 * reports to. Columns are named by field and values are codes, as the import reads them.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { accountId, account } = await requireAccountPage(request, params);
  async function* batches(): AsyncGenerator<CsvCell[][]> {
    const people = await listStakeholders(db(), accountId);
    const names = new Map(people.map((p) => [p.id, p.name]));
    yield people.map((p) => [
      p.name,
      p.title,
      p.committee_role,
      p.influence,
      p.stance,
      p.reports_to_id ? (names.get(p.reports_to_id) ?? "") : "",
      p.email,
      p.phone,
      p.left_on,
      p.id,
    ]);
  }
  return csvResponse(
    `kohtaamo-committee-${account.external_id ?? account.id}.csv`,
    ["name", "title", "committee_role", "influence", "stance", "reports_to", "email", "phone", "left_on", "id"],
    batches(),
  );
}
