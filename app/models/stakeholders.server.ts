import type { Executor } from "#app/utils/db.server.ts";

/** The buying committee of one account, present members first. */
export function listStakeholders(executor: Executor, accountId: string) {
  return executor
    .selectFrom("stakeholders")
    .select([
      "id",
      "name",
      "title",
      "email",
      "phone",
      "committee_role",
      "influence",
      "stance",
      "reports_to_id",
      "left_on",
      "version",
    ])
    .where("account_id", "=", accountId)
    .orderBy((eb) => eb.case().when("left_on", "is", null).then(0).else(1).end())
    .orderBy("influence", "desc")
    .orderBy("name")
    .limit(500)
    .execute();
}
