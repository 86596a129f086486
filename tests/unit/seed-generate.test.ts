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
    // The generated history, and the showcase story's three on top (db/seed/story.ts).
    expect(first.touchpoints.length).toBe(SEED_SIZES.demo.firstAccountTouchpoints + 3);
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
    // A case solved after its SLA is never a happy experience; one solved in time never an unhappy one
    // (one closed without a fix is not solved: it may be either).
    for (const r of all) {
      const byId = new Map(r.touchpoints.map((t) => [t.id, t]));
      for (const c of r.supportCases) {
        const t = byId.get(c.touchpoint_id)!;
        if (t.sentiment == null || c.resolved_at == null || t.resolved !== "yes") continue;
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

describe("the demo's experience data (issue 14)", () => {
  const all = Array.from({ length: 40 }, (_, i) => generateAccount(i, ctx));
  const DAY = 86_400_000;
  const touchpoints = all.flatMap((r) => r.touchpoints);
  const quadrant = (t: { treatment?: number | null; resolved?: string | null }) =>
    t.treatment == null || t.resolved == null || t.treatment === 3
      ? null
      : `${t.treatment >= 4 ? "well" : "badly"}_${t.resolved === "yes" ? "resolved" : "unresolved"}`;

  it("fills all four quadrants on support cases and deliveries, with the corners a minority in the staff's own words", () => {
    for (const kind of ["support_case", "delivery"]) {
      const cells = new Map<string, number>();
      for (const t of touchpoints.filter((x) => x.kind === kind)) {
        const q = quadrant(t);
        if (q) cells.set(q, (cells.get(q) ?? 0) + 1);
      }
      expect([...cells.keys()].sort(), kind).toEqual(["badly_resolved", "badly_unresolved", "well_resolved", "well_unresolved"]);
      const classified = [...cells.values()].reduce((a, b) => a + b, 0);
      expect(cells.get("badly_resolved")! / classified, kind).toBeLessThan(0.2);
      expect(cells.get("well_resolved")! / classified, kind).toBeGreaterThan(0.5);
    }
    // Solved but treated badly: neutral at best, and the summary says how it went wrong (Finnish).
    for (const t of touchpoints.filter((x) => quadrant(x) === "badly_resolved" && (x.kind === "support_case" || x.kind === "delivery"))) {
      expect(t.sentiment).toBeLessThanOrEqual(0);
      expect(t.summary).toMatch(/[äö]/);
    }
    // At most a handful of accounts, never the portfolio, had two or more such encounters in the last 90 days (the signal).
    const solvedBadlyRecently = all.filter(
      (r) => r.touchpoints.filter((t) => quadrant(t) === "badly_resolved" && today.getTime() - new Date(t.occurred_at as Date).getTime() <= 90 * DAY).length >= 2,
    );
    expect(solvedBadlyRecently.length).toBeLessThanOrEqual(8);
  });

  it("keeps treatment on the side of the mood, and records 'resolved' only where a matter was at stake", () => {
    for (const t of touchpoints) {
      if (t.sentiment == null) continue;
      if (t.sentiment > 0) expect(t.treatment).toBeGreaterThanOrEqual(3);
      if (t.sentiment < 0) expect(t.treatment).toBeLessThanOrEqual(3);
      if (["meeting", "training", "business_review", "event"].includes(t.kind as string)) expect(t.resolved ?? null).toBeNull();
      if (t.positive_surprise) expect(t.sentiment).toBeGreaterThan(0);
    }
  });

  it("makes invoices, deliveries, severe cases and reviews the moments of truth, some going badly; e-mail seldom", () => {
    const share = (kind: string) => {
      const of = touchpoints.filter((t) => t.kind === kind);
      return of.filter((t) => t.moment_of_truth).length / of.length;
    };
    for (const kind of ["delivery", "invoice", "support_case", "business_review"]) expect(share(kind), kind).toBeGreaterThan(0.05);
    expect(share("email")).toBeLessThan(0.02);
    expect(share("business_review")).toBeGreaterThan(share("meeting"));
    const wentBadly = (t: (typeof touchpoints)[number]) => (t.treatment != null && t.treatment <= 2) || t.resolved === "no";
    for (const kind of ["delivery", "invoice", "support_case"]) {
      const moments = touchpoints.filter((t) => t.kind === kind && t.moment_of_truth);
      expect(moments.some(wentBadly), kind).toBe(true);
      expect(moments.filter(wentBadly).length / moments.length, kind).toBeLessThan(0.5);
      // Staff record how a moment of truth went.
      for (const t of moments) expect(t.sentiment, kind).not.toBeNull();
    }
    // A disputed invoice is a moment of truth that went badly.
    for (const r of all) {
      const byId = new Map(r.touchpoints.map((t) => [t.id, t]));
      for (const f of r.invoices.filter((x) => x.disputed)) expect(byId.get(f.touchpoint_id)).toMatchObject({ moment_of_truth: true, resolved: "no" });
    }
    expect(touchpoints.filter((t) => t.positive_surprise).length).toBeGreaterThan(20);
  });

  it("lets customers confirm how encounters went: CSAT that agrees with the reading, from the portal in its half year", () => {
    for (const [i, r] of all.entries()) {
      const byId = new Map(r.touchpoints.map((t) => [t.id, t]));
      const portalPerson = r.portalAccess[0]?.stakeholder_id;
      for (const s of r.surveys.filter((x) => x.kind === "csat")) {
        const t = byId.get(s.touchpoint_id!)!;
        expect(t, `account ${i}`).toBeDefined();
        expect(new Date(s.answered_at as Date) >= new Date(t.occurred_at as Date)).toBe(true);
        if (t.treatment != null && t.treatment <= 2) expect(s.score).toBeLessThanOrEqual(3);
        if (t.treatment != null && t.treatment >= 4 && (t.sentiment ?? 0) >= 0) expect(s.score).toBeGreaterThanOrEqual(3);
        if (s.source === "portal") {
          expect(s.stakeholder_id).toBe(portalPerson);
          expect(today.getTime() - new Date(s.answered_at as Date).getTime()).toBeLessThan(190 * DAY);
        } else {
          expect(s.source).toBe("survey_tool");
        }
      }
    }
    // A fair share of the last half year's favourable readings are confirmed by the customer (CSAT 4–5).
    const recent = all.flatMap((r) => {
      const confirmed = new Set(r.surveys.filter((s) => s.kind === "csat" && s.score >= 4).map((s) => s.touchpoint_id));
      return r.touchpoints
        .filter((t) => (t.sentiment ?? 0) > 0 && today.getTime() - new Date(t.occurred_at as Date).getTime() < 180 * DAY)
        .map((t) => confirmed.has(t.id));
    });
    const share = recent.filter(Boolean).length / recent.length;
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.5);
  });

  it("gives a believable relationship NPS: mostly positive, seldom perfect, and a few promoters with influence", () => {
    const yearAgo = today.getTime() - 365 * DAY;
    let influentialPromoters = 0;
    const accountNps = all.flatMap((r) => {
      const latest = r.stakeholders
        .filter((p) => p.left_on === null)
        .flatMap((p) => {
          const answers = r.surveys.filter((s) => s.kind === "nps" && s.stakeholder_id === p.id).sort((a, b) => +new Date(b.answered_at as Date) - +new Date(a.answered_at as Date));
          if (answers[0] && answers[0].score >= 9 && (p.influence ?? 0) >= 4) influentialPromoters++;
          return answers[0] && new Date(answers[0].answered_at as Date).getTime() > yearAgo ? [answers[0].score] : [];
        });
      if (!latest.length) return [];
      return [(100 * (latest.filter((s) => s >= 9).length - latest.filter((s) => s <= 6).length)) / latest.length];
    });
    const mean = accountNps.reduce((a, b) => a + b, 0) / accountNps.length;
    expect(mean).toBeGreaterThan(10);
    expect(mean).toBeLessThan(55);
    expect(accountNps.filter((n) => n === 100).length).toBeLessThanOrEqual(6);
    expect(influentialPromoters).toBeGreaterThanOrEqual(10);
    expect(influentialPromoters).toBeLessThan(60);
  });

  it("tells Kestilä's story: a November delivery that went badly, an overdue report held by a promoting champion, a CFO with a successor", () => {
    const k = all[0]!;
    const champion = k.stakeholders.find((p) => p.committee_role === "champion" && p.left_on === null)!;
    expect(champion.influence).toBeGreaterThanOrEqual(4);
    const npsOf = k.surveys.filter((s) => s.kind === "nps" && s.stakeholder_id === champion.id).sort((a, b) => +new Date(b.answered_at as Date) - +new Date(a.answered_at as Date));
    expect(npsOf[0]!.score).toBe(9);
    const report = k.expectations.find((e) => e.title.startsWith("Juurisyyselvitys marraskuun"))!;
    expect(report).toMatchObject({ status: "open", holder_stakeholder_id: champion.id });
    expect(report.due_date < today.toISOString().slice(0, 10)).toBe(true);
    const november = k.touchpoints.find((t) => t.title === "Marraskuun kuormat Vantaalle")!;
    expect(november).toMatchObject({ kind: "delivery", moment_of_truth: true, treatment: 2, resolved: "partly" });
    const cfo = k.stakeholders.find((p) => p.committee_role === "economic_buyer")!;
    const successor = k.stakeholders.find((p) => p.name === "Mervi Kallio")!;
    expect(successor).toMatchObject({ left_on: null, committee_role: null });
    expect(k.expectations.find((e) => e.title === "Sopimuksen jatkon hinnoitteluehdotus")).toMatchObject({ status: "open", holder_stakeholder_id: cfo.id });
    // The CFO introduced her at a meeting before the handover.
    const intro = k.touchpoints.find((t) => t.title === "Talousjohtajan vaihdos: esittelypalaveri")!;
    const there = k.touchpointStakeholders.filter((l) => l.touchpoint_id === intro.id).map((l) => l.stakeholder_id);
    expect(there).toEqual(expect.arrayContaining([cfo.id, successor.id]));
  });
});
