import { sql } from "kysely";

/**
 * A stakeholder's latest activity in the customer portal, for a query that
 * reads stakeholders as `s`: the later of their latest portal touchpoint
 * (a confirmation, dispute or survey answer records one with them as
 * participant) and the last use of a session by a portal user given access as
 * them (signing in). Null when they never used the portal. Coverage counts it
 * as engagement (app/domain/coverage.ts). Read from the account's few portal
 * touchpoints (touchpoints_portal_idx), not from everything the person took
 * part in: that walk grew with the account.
 */
export const lastPortalActivity = sql<Date | string | null>`greatest(
  (select max(ts.occurred_at)
     from touchpoints t
     join touchpoint_stakeholders ts on ts.account_id = t.account_id and ts.touchpoint_id = t.id and ts.stakeholder_id = s.id
    where t.account_id = s.account_id and t.source = 'portal'),
  (select max(se.last_seen_at)
     from portal_access pa
     join sessions se on se.user_id = pa.user_id
    where pa.account_id = s.account_id and pa.stakeholder_id = s.id and pa.revoked_at is null)
)`.as("last_portal_activity");
