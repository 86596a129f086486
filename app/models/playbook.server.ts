import { sql } from "kysely";
import { RISK_RULES, type RiskRule } from "#app/domain/risk-rules.ts";
import { formatters, isLocale } from "#app/i18n/index.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { loadInboxSettings } from "./inbox.server.ts";

// The small playbook: a signal rule chosen in the inbox settings opens a task
// for the account's KAM when a signal of that rule is raised — once per
// raising (a new signal row; the unique index tasks_playbook_signal_key holds
// it even if called twice). Runs in the transaction that stored the signals.

export async function openPlaybookTasks(trx: Trx, accountId: string, raised: { id: string; rule: string }[]): Promise<number> {
  if (!raised.length) return 0;
  const { playbookRules } = await loadInboxSettings(trx);
  const chosen = raised.filter((s) => playbookRules.includes(s.rule) && (RISK_RULES as readonly string[]).includes(s.rule));
  if (!chosen.length) return 0;
  const account = await trx
    .selectFrom("accounts as a")
    .innerJoin("users as u", "u.id", "a.owner_id")
    .select(["a.owner_id", "u.locale"])
    .where("a.id", "=", accountId)
    .executeTakeFirstOrThrow();
  const { t } = formatters(isLocale(account.locale) ? account.locale : "en");
  let opened = 0;
  for (const signal of chosen) {
    const title = t("task.playbookTitle", { rule: t(`signal.rule.${signal.rule as RiskRule}`) });
    const task = await trx
      .insertInto("tasks")
      .values({
        account_id: accountId,
        title,
        owner_id: account.owner_id,
        created_by: null,
        origin: "playbook",
        signal_id: signal.id,
        visibility: "account",
        due_on: sql<string>`(now() AT TIME ZONE 'Europe/Helsinki')::date + 3`,
      })
      .onConflict((oc) => oc.columns(["account_id", "signal_id"]).where("origin", "=", "playbook").doNothing())
      .returning(["id", "title", "owner_id", "signal_id", "due_on"])
      .executeTakeFirst();
    if (!task) continue;
    opened += 1;
    await writeAudit(trx, { actorId: null, accountId, entity: "task", entityId: task.id, action: "playbook_create", after: task });
  }
  return opened;
}
