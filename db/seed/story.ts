// The demo's first account (Kestilä Logistics, the KAM's and the portal's
// showcase) carries a small, fixed story on top of its generated history, so
// the account page always has something to act on: a high-importance promise
// due within days and one that slipped past its date without notice.
import type { Rng } from "./random.ts";
import { addDays, isoDate, type AccountRows, type AccountScope } from "./rows.ts";

export function addShowcaseStory(rng: Rng, scope: AccountScope, rows: AccountRows): void {
  const { accountId, ownerId, today } = scope;
  const holder = rows.stakeholders.find((p) => p.committee_role === "champion" && p.left_on === null) ?? rows.stakeholders[0];
  const promises = [
    { title: "Sesongin lisäkapasiteetti Vantaan terminaaliin", category: "delivery", importance: 3, due: 6, created: -40 },
    { title: "Juurisyyselvitys marraskuun myöhästyneistä kuormista", category: "outcome", importance: 2, due: -9, created: -30 },
  ] as const;
  for (const p of promises) {
    const id = rng.uuid();
    const created = addDays(today, p.created);
    rows.expectations.push({
      account_id: accountId,
      id,
      external_id: null,
      title: p.title,
      description: "",
      category: p.category,
      holder_stakeholder_id: holder?.id ?? null,
      source: "touchpoint",
      importance: p.importance,
      original_due_date: isoDate(addDays(today, p.due)),
      due_date: isoDate(addDays(today, p.due)),
      owner_id: ownerId,
      status: "open",
      created_at: created,
      updated_at: created,
    });
    rows.expectationChanges.push({ account_id: accountId, expectation_id: id, kind: "created", actor_id: ownerId, at: created, details: {} });
  }
}
