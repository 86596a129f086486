import { describe, expect, it } from "vitest";
import { accountName, generateAccount, generatePortalUsers, generateUsers, kamsOf, portalEmail, SEED_SIZES } from "#db/seed/generate.ts";
import { Rng } from "#db/seed/random.ts";

const today = new Date("2026-11-23T12:00:00Z");
const users = generateUsers(SEED_SIZES.demo, 7, "hash");
const base = { size: SEED_SIZES.demo, seed: 7, today, kams: kamsOf(users) };
const portalUsers = generatePortalUsers(base, "hash");
const ctx = { ...base, portalUsers };

describe("seed random", () => {
  it("repeats its stream for the same seed and differs for another", () => {
    const a = Array.from({ length: 5 }, () => new Rng(1).next());
    expect(new Set(a).size).toBe(1);
    const r1 = new Rng(42);
    const r2 = new Rng(42);
    const r3 = new Rng(43);
    const s1 = [r1.next(), r1.next(), r1.uuid()];
    expect([r2.next(), r2.next(), r2.uuid()]).toEqual(s1);
    expect([r3.next(), r3.next(), r3.uuid()]).not.toEqual(s1);
    expect(new Rng(9).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("keeps int within its bounds, both included", () => {
    const rng = new Rng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(rng.int(1, 3));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });
});

describe("seed generator", () => {
  it("is deterministic per account, independent of the others", () => {
    expect(generateAccount(3, ctx)).toEqual(generateAccount(3, ctx));
    expect(generateAccount(3, ctx).account.id).not.toBe(generateAccount(4, ctx).account.id);
  });

  it("gives the fixed demo users and the demo account", () => {
    expect(users.map((u) => u.email)).toEqual(
      expect.arrayContaining(["admin@pohjola.example", "director@pohjola.example", "kam@pohjola.example", "kam5@pohjola.example"]),
    );
    const first = generateAccount(0, ctx);
    expect(first.account.name).toBe("Kestilä Logistics Oy");
    expect(first.account.owner_id).toBe(users.find((u) => u.email === "kam@pohjola.example")!.id);
    expect(first.portalAccess).toHaveLength(1);
    expect(first.touchpoints.length).toBe(SEED_SIZES.demo.firstAccountTouchpoints);
  });

  it("gives each of the first ten accounts one portal user, tied to a present person of that account", () => {
    expect(portalUsers.filter(Boolean)).toHaveLength(10);
    expect(portalUsers[0]!.email).toBe("customer@kestila.example");
    expect(new Set(portalUsers.map((u) => u!.email)).size).toBe(10);
    for (let i = 0; i < 12; i++) {
      const rows = generateAccount(i, ctx);
      if (i >= 10) {
        expect(rows.portalAccess).toEqual([]);
        continue;
      }
      expect(portalUsers[i]!.email).toBe(portalEmail(i));
      expect(portalUsers[i]!.email).toMatch(/^customer@[a-z0-9-]+\.example$/);
      const [access] = rows.portalAccess;
      const person = rows.stakeholders.find((s) => s.id === access!.stakeholder_id)!;
      expect([i, access!.user_id, person.left_on, person.name]).toEqual([i, portalUsers[i]!.id, null, portalUsers[i]!.name]);
    }
    // The same seed gives the same people.
    expect(generatePortalUsers(base, "hash")).toEqual(portalUsers);
  });

  it("names accounts uniquely even past the name combinations", () => {
    const names = Array.from({ length: 5000 }, (_, i) => accountName(i));
    expect(new Set(names).size).toBe(5000);
  });

  it("produces rows that keep the schema's rules", () => {
    for (let i = 0; i < 40; i++) {
      const rows = generateAccount(i, ctx);
      const people = new Map(rows.stakeholders.map((s, n) => [s.id, n]));
      rows.stakeholders.forEach((s, n) => {
        if (s.reports_to_id) expect(people.get(s.reports_to_id)).toBeLessThan(n); // managers come first: no cycles
      });
      const touchpointIds = new Set(rows.touchpoints.map((t) => t.id));
      for (const t of rows.touchpoints) expect(new Date(t.occurred_at as Date).getTime()).toBeLessThanOrEqual(today.getTime());
      const invoiceIds = new Set(rows.invoices.map((f) => f.touchpoint_id));
      const caseIds = new Set(rows.supportCases.map((f) => f.touchpoint_id));
      for (const t of rows.touchpoints) {
        expect(invoiceIds.has(t.id)).toBe(t.kind === "invoice");
        expect(caseIds.has(t.id)).toBe(t.kind === "support_case");
      }
      for (const link of rows.touchpointStakeholders) {
        expect(touchpointIds.has(link.touchpoint_id)).toBe(true);
        expect(people.has(link.stakeholder_id)).toBe(true);
      }
      for (const c of rows.supportCases) {
        expect(new Date(c.sla_due_at as Date) >= new Date(c.opened_at as Date)).toBe(true);
        expect(["resolved", "closed"].includes(c.status as string)).toBe(c.resolved_at != null);
      }
      for (const e of rows.expectations) {
        expect(e.status === "resolved").toBe(e.outcome != null);
        if (e.customer_response) expect(e.status).toBe("resolved");
        expect(e.original_due_date <= e.due_date).toBe(true);
      }
      for (const s of rows.surveys) {
        expect(people.has(s.stakeholder_id)).toBe(true);
        if (s.kind === "nps") expect(s.score).toBeGreaterThanOrEqual(0);
        if (s.kind === "nps") expect(s.score).toBeLessThanOrEqual(10);
        if (s.kind === "csat") expect([1, 2, 3, 4, 5]).toContain(s.score);
      }
    }
  });

  it("varies the portfolio: outcomes, disputes, re-plans and people who left", () => {
    const all = Array.from({ length: 40 }, (_, i) => generateAccount(i, ctx));
    const outcomes = new Set(all.flatMap((r) => r.expectations.map((e) => e.outcome ?? null)));
    expect(outcomes).toEqual(new Set([null, "kept", "exceeded", "late", "partial", "missed", "withdrawn"]));
    expect(all.some((r) => r.expectations.some((e) => e.customer_response?.startsWith("disputed")))).toBe(true);
    expect(all.some((r) => r.expectationChanges.some((c) => c.kind === "replanned" && c.customer_notified === false))).toBe(true);
    expect(all.some((r) => r.touchpoints.some((t) => t.kind === "committee_change"))).toBe(true);
    expect(all.some((r) => r.invoices.some((f) => f.disputed))).toBe(true);
    const kinds = new Set(all.flatMap((r) => r.touchpoints.map((t) => t.kind)));
    expect(kinds.size).toBeGreaterThanOrEqual(13);
  });

  it("is believable: few and recent troubles, experiences that agree with what happened, Finnish content", () => {
    const all = Array.from({ length: 40 }, (_, i) => generateAccount(i, ctx));
    const DAY = 86_400_000;
    const daysAgo = (d: Date | string) => (today.getTime() - new Date(d).getTime()) / DAY;
    const invoices = all.flatMap((r) => r.invoices);
    const overdue = invoices.filter((f) => f.paid_on == null && daysAgo(`${f.due_date}T12:00:00Z`) > 0);
    // A few invoices overdue, none for months; a dispute is about a recent invoice.
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length).toBeLessThan(20);
    expect(Math.max(...overdue.map((f) => daysAgo(`${f.due_date}T12:00:00Z`)))).toBeLessThanOrEqual(46);
    for (const f of invoices.filter((f) => f.disputed)) expect(daysAgo(`${f.due_date}T12:00:00Z`)).toBeLessThanOrEqual(46);
    // Open support cases are days old, not months: no "13898 hours past SLA".
    for (const c of all.flatMap((r) => r.supportCases).filter((c) => c.resolved_at == null)) {
      expect(daysAgo(c.opened_at as Date)).toBeLessThan(10);
    }
    // An open promise is at most weeks past its date.
    for (const e of all.flatMap((r) => r.expectations).filter((e) => e.status === "open")) {
      expect(daysAgo(`${e.due_date}T12:00:00Z`)).toBeLessThan(46);
    }
    // A case solved after its SLA is never a happy experience; one solved in time never an unhappy one.
    for (const r of all) {
      const byId = new Map(r.touchpoints.map((t) => [t.id, t]));
      for (const c of r.supportCases) {
        const t = byId.get(c.touchpoint_id)!;
        if (t.sentiment == null || c.resolved_at == null) continue;
        const late = new Date(c.resolved_at as Date) > new Date(c.sla_due_at as Date);
        if (late) expect(t.sentiment).toBeLessThan(0);
        else expect(t.sentiment).toBeGreaterThanOrEqual(0);
      }
    }
    // The customer's data is Finnish: titles, summaries and promises.
    const titles = all.flatMap((r) => r.touchpoints.filter((t) => t.kind !== "committee_change").map((t) => t.title as string));
    expect(titles.filter((x) => /\b(meeting|call|invoice|delivery|review)\b/i.test(x))).toEqual([]);
    expect(all[0]!.expectations.some((e) => /[äö]/.test(e.title as string))).toBe(true);
    // A few accounts in trouble, most served well.
    const troubled = all.filter((r) => r.expectations.filter((e) => ["late", "partial", "missed"].includes(e.outcome as string)).length / Math.max(1, r.expectations.length) > 0.3);
    expect(troubled.length).toBeGreaterThanOrEqual(2);
    expect(troubled.length).toBeLessThanOrEqual(10);
  });
});
