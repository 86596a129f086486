import { describe, expect, it } from "vitest";
import { listAuditEvents } from "#app/models/audit-log.server.ts";
import * as auditRoute from "#app/routes/_app.admin.audit.tsx";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createUser } from "#tests/factories/index.ts";
import { request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// The administrator's audit log: newest first, paged by keyset without gaps or
// repeats (ties in time included), filtered by account, user, Helsinki days and
// kind, with readable before/after differences. Read only: the route has no
// action, and the table refuses changes (tests/integration/schema.test.ts).

type Event = { id: number; actor_id: string | null; account_id: string | null; action: string; entity: string; at: Date };

async function world() {
  const admin = await createUser(db(), { role: "admin", name: "Ada Admin" });
  const kam = await createUser(db(), { role: "kam", name: "Kaisa Kam", email: "kaisa@pohjola.example" });
  const a = await createAccount(db(), { owner_id: kam.id, name: "Aalto Freight Oy" });
  const b = await createAccount(db(), { owner_id: kam.id, name: "Borealis Ab" });
  const at = (iso: string) => new Date(iso);
  await db()
    .insertInto("audit_events")
    .values([
      { at: at("2026-03-01T08:00:00Z"), actor_id: kam.id, account_id: a.id, entity: "account", entity_id: a.id, action: "update", before: { tier: "key", name: "Aalto" }, after: { tier: "strategic", name: "Aalto Freight Oy" } },
      { at: at("2026-03-01T22:30:00Z"), actor_id: kam.id, account_id: b.id, entity: "touchpoint", entity_id: crypto.randomUUID(), action: "create", after: { title: "Kick-off" } },
      { at: at("2026-03-02T09:00:00Z"), actor_id: kam.id, entity: "session", entity_id: kam.id, action: "sign_in", ip: "192.0.2.9" },
      { at: at("2026-03-02T10:00:00Z"), actor_id: null, entity: "session", entity_id: "unknown", action: "sign_in_failed", after: { email: "who@x.example" } },
      { at: at("2026-03-03T10:00:00Z"), actor_id: kam.id, entity: "request", entity_id: "/admin/audit", action: "access_denied", after: { reason: "You do not have access to this page." } },
      { at: at("2026-03-03T11:00:00Z"), actor_id: admin.id, entity: "user", entity_id: kam.id, action: "set_role", before: { role: "director" }, after: { role: "kam" } },
    ])
    .execute();
  return { admin, kam, a, b };
}

const ids = (events: { id: number }[]) => events.map((e) => e.id);

describe("audit log", () => {
  it("pages newest first by keyset, with no gaps or repeats even when many events share one moment", async () => {
    const kam = await createUser(db(), { role: "kam" });
    // Three transactions of 13 events each: every event of one transaction has the same `at`.
    for (let t = 0; t < 3; t++) {
      await db()
        .transaction()
        .execute(async (trx) => {
          for (let i = 0; i < 13; i++) {
            await trx.insertInto("audit_events").values({ actor_id: kam.id, entity: "account", entity_id: `e${t}-${i}`, action: "update" }).execute();
          }
        });
    }
    const all = await db().selectFrom("audit_events").select(["id", "at"]).execute();
    const expected = [...all].sort((x, y) => y.at.getTime() - x.at.getTime() || y.id - x.id).map((e) => e.id);
    const seen: number[] = [];
    let cursor: number | undefined;
    for (let page = 0; page < 10; page++) {
      const { events, nextCursor } = await listAuditEvents(db(), { cursor }, 7);
      seen.push(...ids(events));
      if (nextCursor === null) break;
      cursor = nextCursor;
    }
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(39);
  });

  it("filters by account, by user or the system, by Helsinki days, and by kind", async () => {
    const w = await world();
    const list = async (f: Parameters<typeof listAuditEvents>[1]) => (await listAuditEvents(db(), f)).events as Event[];
    expect((await list({ account: w.a.id })).map((e) => e.action)).toEqual(["update"]);
    expect((await list({ user: w.admin.id })).map((e) => e.action)).toEqual(["set_role"]);
    expect((await list({ user: "system" })).map((e) => e.action)).toEqual(["sign_in_failed"]);
    // 22:30 UTC on 1 March is already 2 March in Helsinki.
    expect((await list({ from: "2026-03-02", to: "2026-03-02" })).map((e) => e.action)).toEqual(["sign_in_failed", "sign_in", "create"]);
    expect((await list({ to: "2026-03-01" })).map((e) => e.action)).toEqual(["update"]);
    expect((await list({ kind: "auth" })).map((e) => e.action)).toEqual(["sign_in_failed", "sign_in"]);
    expect((await list({ kind: "refused" })).map((e) => e.action)).toEqual(["access_denied"]);
    expect((await list({ kind: "access" })).map((e) => e.action)).toEqual(["set_role"]);
    expect((await list({ kind: "changes" })).map((e) => e.action)).toEqual(["create", "update"]);
    expect((await list({ user: w.kam.id, kind: "changes", from: "2026-03-02" })).map((e) => e.action)).toEqual(["create"]);
  });

  it("shows an administrator who did what, where it is, and what changed", async () => {
    const w = await world();
    const res = await run(auditRoute.loader, request(`/admin/audit?account=${w.a.id}`, { cookie: await sessionCookieFor(w.admin.id) }));
    expect(statusOf(res)).toBe(200);
    const { events } = res.value as Awaited<ReturnType<typeof auditRoute.loader>> & { events: unknown[] };
    expect(events).toEqual([
      expect.objectContaining({
        actor: { id: w.kam.id, name: "Kaisa Kam", email: "kaisa@pohjola.example", role: "kam" },
        account: { id: w.a.id, name: "Aalto Freight Oy" },
        action: "update",
        link: `/accounts/${w.a.id}`,
        // jsonb keeps keys in its own order (shorter first, then alphabetical).
        changes: [
          { field: "name", before: "Aalto", after: "Aalto Freight Oy" },
          { field: "tier", before: "key", after: "strategic" },
        ],
      }),
    ]);
  });

  it("says which filter is wrong, keeping what was typed", async () => {
    const w = await world();
    const cookie = await sessionCookieFor(w.admin.id);
    const bad = await run(auditRoute.loader, request("/admin/audit?from=2026-02-30&user=robert'); drop table users;--&kind=everything", { cookie }));
    expect(statusOf(bad)).toBe(400);
    const data = (bad.value as { data: { errors: Record<string, string>; values: Record<string, string>; events: unknown[] } }).data;
    expect(Object.keys(data.errors).sort()).toEqual(["from", "kind", "user"]);
    expect(data.values.user).toBe("robert'); drop table users;--");
    expect(data.events).toEqual([]);
    const reversed = await run(auditRoute.loader, request("/admin/audit?from=2026-03-05&to=2026-03-01", { cookie }));
    expect((reversed.value as { data: { errors: Record<string, string> } }).data.errors).toEqual({
      to: "The end date must not be before the start date.",
    });
  });

  it("is read only: the route changes nothing and the log refuses changes", async () => {
    expect("action" in auditRoute).toBe(false);
    const w = await world();
    await expect(db().deleteFrom("audit_events").where("actor_id", "=", w.kam.id).execute()).rejects.toThrow(/append-only/);
  });
});
