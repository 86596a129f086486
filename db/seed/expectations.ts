// The ledger of a generated account: promises over the last two years and the
// coming months, some replanned, most of the past ones delivered, some answered
// by the customer.
import { judgeReplans } from "#app/domain/predictability.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import type { Rng } from "./random.ts";
import { addDays, DAY, expectationRow, isoDate, PORTAL_ACCESS_DAYS, type AccountRows, type AccountScope } from "./rows.ts";
import { DISPUTE_COMMENT, EXPECTATION_TITLES, LATE_DELIVERY_NOTE, REPLAN_REASONS } from "./words.ts";

type Expectation = AccountRows["expectations"][number];
type Changes = AccountRows["expectationChanges"];

export function generateExpectations(
  rng: Rng,
  scope: AccountScope,
  stakeholders: AccountRows["stakeholders"],
  count: number,
  rows: Pick<AccountRows, "expectations" | "expectationChanges">,
): void {
  const { today, relationshipStart, accountId, ownerId } = scope;
  const holders = stakeholders.filter((p) => p.committee_role !== null);
  for (let e = 0; e < count; e++) {
    const [template, category] = rng.pick(EXPECTATION_TITLES);
    const id = rng.uuid();
    const due = addDays(today, rng.int(-730, 120));
    const replanned = rng.chance(0.15);
    const original = replanned ? addDays(due, -rng.int(7, 45)) : due;
    const created = new Date(Math.max(relationshipStart.getTime(), original.getTime() - rng.int(20, 150) * DAY));
    if (created > today) continue;
    const holder = holders.length ? rng.pick(holders) : undefined;
    const row: Expectation = expectationRow({
      account_id: accountId,
      id,
      title: template.replace("{n}", String(1 + Math.floor((due.getUTCMonth() / 12) * 4))),
      category,
      holder_stakeholder_id: holder?.id ?? null,
      source: rng.weighted([["contract", 3], ["touchpoint", 2], ["customer", 2], ["internal", 1]] as const),
      importance: rng.weighted([[1, 2], [2, 5], [3, 3]] as const),
      original_due_date: isoDate(original),
      due_date: isoDate(due),
      owner_id: ownerId,
      created_at: created,
      updated_at: created,
    });
    rows.expectationChanges.push({ account_id: accountId, expectation_id: id, kind: "created", actor_id: ownerId, at: created, details: {} });
    if (replanned) {
      const change = replanChange(rng, scope, row, { original, due, created });
      rows.expectationChanges.push(change);
      // The promise the customer holds: moved only if they were told in time (predictability.ts).
      row.promised_date = judgeReplans(
        row.original_due_date,
        [{ fromDueDate: row.original_due_date, toDueDate: row.due_date, at: change.at as Date, customerNotified: change.customer_notified ?? null }],
        TIME_ZONE,
      ).promised;
    }
    deliverMaybe(rng, scope, row, due, rows.expectationChanges);
    rows.expectations.push(row);
  }
}

function replanChange(
  rng: Rng,
  scope: AccountScope,
  row: Expectation,
  dates: { original: Date; due: Date; created: Date },
): Changes[number] {
  const { original, due, created } = dates;
  const drawn = new Date(Math.min(scope.today.getTime(), original.getTime() - rng.int(-10, 14) * DAY));
  const notified = rng.chance(scope.character.reliability);
  const at = drawn < created ? created : drawn;
  const customerNotified = notified && drawn <= original;
  return {
    account_id: scope.accountId,
    expectation_id: row.id,
    kind: "replanned",
    from_due_date: isoDate(original),
    to_due_date: isoDate(due),
    reason: rng.pick(REPLAN_REASONS),
    customer_notified: customerNotified,
    actor_id: scope.ownerId,
    at,
    details: {},
    ...(customerNotified ? noticeReach(scope, at) : {}),
  };
}

/**
 * Whether a generated notice reached the customer (app/domain/notice.ts): at a
 * portal account, one recorded since its portal user got access was mailed to
 * them as it was recorded. The others are the demo's history from before
 * Kohtaamo kept this (notice_reach_unknown), judged as before: from the day
 * they were recorded, as an upgraded installation's old re-plans are.
 */
function noticeReach(scope: AccountScope, at: Date) {
  const portalSince = addDays(scope.today, -PORTAL_ACCESS_DAYS);
  return scope.portalStakeholderId && at >= portalSince ? { notice_reached_at: at } : { notice_reach_unknown: true };
}

/** Past promises are mostly delivered (how well follows the account's reliability), a few future ones early. */
function deliverMaybe(rng: Rng, scope: AccountScope, row: Expectation, due: Date, changes: Changes): void {
  const { today } = scope;
  const { reliability } = scope.character;
  const isPast = isoDate(due) < isoDate(today);
  // A promise long past its date has been delivered one way or another; only the
  // last weeks' promises may still be open and overdue (at a less reliable account).
  const longPast = due.getTime() < today.getTime() - 45 * DAY;
  const deliverNow = longPast || (isPast ? !rng.chance((1 - reliability) * 0.5) : rng.chance(0.15));
  if (!deliverNow) return;
  const outcome = isPast
    ? rng.weighted([["kept", reliability * 6], ["exceeded", reliability], ["late", (1 - reliability) * 5], ["partial", (1 - reliability) * 2], ["missed", (1 - reliability) * 1.5], ["withdrawn", 0.3]] as const)
    : rng.weighted([["kept", 4], ["exceeded", 1]] as const);
  const deliveredOn =
    outcome === "late" ? addDays(due, rng.int(2, 30)) : outcome === "missed" || outcome === "withdrawn" ? due : addDays(due, -rng.int(0, 10));
  const deliveredIso = isoDate(deliveredOn > today ? today : deliveredOn);
  row.status = "resolved";
  row.outcome = outcome;
  row.delivered_on = deliveredIso;
  row.delivery_note = outcome === "late" ? LATE_DELIVERY_NOTE : "";
  const at = new Date(Date.parse(deliveredIso) + 12 * 3_600_000);
  row.updated_at = at;
  changes.push({ account_id: scope.accountId, expectation_id: row.id, kind: "delivered", actor_id: scope.ownerId, at, details: { outcome, delivered_on: deliveredIso, due_date: row.due_date } });
  // Customers answer in the portal, which they have used for the last half year.
  const answerable = at.getTime() > today.getTime() - 180 * DAY;
  if (outcome === "withdrawn" || !answerable || !rng.chance(0.6)) return;
  const disputed = (outcome === "partial" || outcome === "missed" || outcome === "late") && rng.chance(0.35);
  row.customer_response = disputed ? (outcome === "partial" ? "disputed_partly" : "disputed_not_delivered") : "confirmed";
  row.customer_comment = disputed ? DISPUTE_COMMENT : "";
  row.customer_responded_at = new Date(at.getTime() + rng.int(1, 7) * DAY);
  if (row.customer_responded_at > today) row.customer_responded_at = today;
  changes.push({ account_id: scope.accountId, expectation_id: row.id, kind: disputed ? "disputed" : "confirmed", actor_id: null, at: row.customer_responded_at, details: {} });
}
