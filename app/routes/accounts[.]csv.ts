import type { LoaderFunctionArgs } from "@remix-run/node";
import type { LifecycleStage, Tier } from "#app/domain/vocabulary.ts";
import { calendarDate } from "#app/domain/time.ts";
import { formatters } from "#app/i18n/index.ts";
import { resolveLocale } from "#app/web/locale.server.ts";
import { listAccounts } from "#app/models/accounts.server.ts";
import { accountListView } from "#app/web/account-list.server.ts";
import { requireInternalUser } from "#app/web/auth.server.ts";
import { csvResponse, type CsvCell } from "#app/web/csv.server.ts";
import { db } from "#app/utils/db.server.ts";

/** The accounts list as on screen (the same filters from the URL), every page of it. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const filters = { ...accountListView(user, new URL(request.url).searchParams).filters, limit: 500 };
  const { t } = formatters(await resolveLocale(request));
  async function* batches(): AsyncGenerator<CsvCell[][]> {
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listAccounts>> = await listAccounts(db(), { ...filters, cursor });
      yield page.accounts.map((a) => [
        a.name,
        a.industry,
        t(`tier.${a.tier as Tier}`),
        t(`stage.${a.lifecycle_stage as LifecycleStage}`),
        a.renewal_date,
        a.contract_value,
        a.currency,
        a.owner_name,
        a.archived_at ? a.archived_at.toISOString() : "",
        a.id,
      ]);
      cursor = page.nextCursor;
    } while (cursor);
  }
  return csvResponse(
    `kohtaamo-accounts-${calendarDate()}.csv`,
    [
      t("accounts.col.name"),
      "industry",
      t("accounts.col.tier"),
      t("accounts.col.stage"),
      t("accounts.col.renewal"),
      t("accounts.col.value"),
      "currency",
      t("accounts.col.owner"),
      "archived_at",
      "id",
    ],
    batches(),
  );
}
