import type { ExpressionBuilder } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";

// Who took part in a touchpoint, as a column of a query over `touchpoints as t`
// (the timeline, the edit form): the customer's people and our staff, by name.

type Person = { id: string; name: string };

/** The customer's people who took part in touchpoint `t`. */
export function stakeholdersOfTouchpoint(eb: ExpressionBuilder<any, any>) {
  return jsonArrayFrom(
    eb
      .selectFrom("touchpoint_stakeholders as ts")
      .innerJoin("stakeholders as s", (j) =>
        j.onRef("s.account_id", "=", "ts.account_id").onRef("s.id", "=", "ts.stakeholder_id"),
      )
      .select(["s.id", "s.name"])
      .whereRef("ts.account_id", "=", "t.account_id")
      .whereRef("ts.touchpoint_id", "=", "t.id")
      .orderBy("s.name")
      .orderBy("s.id"),
  ).$castTo<Person[]>();
}

/** Our staff who took part in touchpoint `t`. */
export function usersOfTouchpoint(eb: ExpressionBuilder<any, any>) {
  return jsonArrayFrom(
    eb
      .selectFrom("touchpoint_users as tu")
      .innerJoin("users as u", "u.id", "tu.user_id")
      .select(["u.id", "u.name"])
      .whereRef("tu.account_id", "=", "t.account_id")
      .whereRef("tu.touchpoint_id", "=", "t.id")
      .orderBy("u.name")
      .orderBy("u.id"),
  ).$castTo<Person[]>();
}
