import { describe, expect, it } from "vitest";
import { renderInPage as render } from "#tests/setup/render-page.tsx";
import { Timeline, type TimelineItem, type TimelineViewer } from "#app/components/timeline.tsx";

// The timeline's renderers, rendered as the server renders them, in a router
// whose root route carries the reader's language (as root.tsx's loader does).

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

const ACCOUNT = "00000000-0000-4000-8000-00000000000a";
const OWNER = "00000000-0000-4000-8000-0000000000b1";
const AUTHOR = "00000000-0000-4000-8000-0000000000b2";
const base = {
  occurred_at: "2026-11-03T10:00:00Z",
  summary: "",
  source: "internal",
  author_id: OWNER,
  stakeholders: [],
  internal_participants: [],
};
const item = (over: Partial<TimelineItem> & { id: string; kind: string; title: string }): TimelineItem => ({
  ...base,
  ...over,
});
const viewer = (id: string, role: "kam" | "director" | "admin"): TimelineViewer => ({
  actor: { id, role },
  accountOwnerId: OWNER,
  accountId: ACCOUNT,
});

describe("the timeline's renderers", () => {
  it("shows a meeting's two sides and outcome, and its experience in words, not colour alone", async () => {
    const html = await render(
      <Timeline
        audience="internal"
        viewer={viewer(OWNER, "kam")}
        items={[
          item({
            id: "m1",
            kind: "meeting",
            title: "Quarterly review",
            summary: "Agreed on the Q1 plan.",
            stakeholders: [{ id: "s1", name: "Chris Champion" }],
            internal_participants: [{ id: "u1", name: "Kalle Kam" }],
            sentiment: -1,
            treatment: 4,
            resolved: "partly",
            emotion_tags: ["frustrated", "reassured"],
            moment_of_truth: true,
            positive_surprise: true,
          }),
        ]}
      />,
    );
    const shown = text(html);
    expect(shown).toContain("Customer: Chris Champion · Us: Kalle Kam");
    expect(shown).toContain("Outcome: Agreed on the Q1 plan.");
    expect(shown).toContain("Sentiment: −1 negative");
    expect(shown).toContain("Felt treated: 4/5");
    expect(shown).toContain("Resolved: Partly");
    expect(shown).toContain("Moment of truth");
    expect(shown).toContain("Positive surprise");
    expect(shown).toContain("frustrated");
  });

  it("translates emotion tags and the system's titles into the reader's language", async () => {
    const items = [
      item({ id: "c1", kind: "call", title: "Call", emotion_tags: ["frustrated"], sentiment: 2 }),
      item({
        id: "cc",
        kind: "committee_change",
        source: "system",
        title: "Chris Champion (champion) left",
        title_key: "committeeChange.left",
        title_params: { name: "Chris Champion", role: "champion" },
        stakeholders: [{ id: "s1", name: "Chris Champion" }],
      }),
    ];
    const fi = text(await render(<Timeline audience="internal" viewer={viewer(OWNER, "kam")} items={items} />, "fi"));
    expect(fi).toContain("turhautunut");
    expect(fi).not.toContain("frustrated");
    expect(fi).toContain("Tunnelma: +2 hyvin myönteinen");
    expect(fi).toContain("Chris Champion (puolestapuhuja) lähti yrityksestä");
    const en = text(await render(<Timeline audience="internal" viewer={viewer(OWNER, "kam")} items={items} />));
    expect(en).toContain("Chris Champion (champion) left");
    expect(en).toContain("Chris Champion in the committee");
  });

  it("shows what a delivery delivered and links it to its expectation; survey answers with their score", async () => {
    const html = await render(
      <Timeline
        audience="internal"
        viewer={viewer(OWNER, "kam")}
        items={[
          item({
            id: "d1",
            kind: "delivery",
            title: "Go-live",
            summary: "Routing module in production.",
            expectations: [{ id: "e1", title: "Go live with routing", status: "resolved", outcome: "late" }],
          }),
          item({
            id: "d2",
            kind: "delivery",
            source: "portal",
            title: "Customer disputed the delivery (not delivered): Driver app",
            title_key: "portalTouchpoint.disputed_not_delivered",
            title_params: { title: "Driver app", expectation_id: "e2" },
          }),
          item({
            id: "n1",
            kind: "survey",
            source: "portal",
            title: "x",
            title_key: "portalTouchpoint.nps",
            title_params: { score: 6 },
            summary: "Too many late trucks.",
          }),
          item({ id: "n2", kind: "survey", source: "portal", title: "Satisfaction rating 5/5: Training day" }),
          item({ id: "w1", kind: "word_of_mouth", title: "Heard at a fair" }),
        ]}
      />,
    );
    const shown = text(html);
    expect(shown).toContain("Delivered: Routing module in production.");
    expect(html).toContain(`href="/accounts/${ACCOUNT}/expectations/e1"`);
    expect(shown).toContain("Go live with routing (Late)");
    expect(html).toContain(`href="/accounts/${ACCOUNT}/expectations/e2"`);
    expect(shown).toContain("NPS 6/10 Detractor");
    expect(shown).toContain("Comment: Too many late trucks.");
    expect(shown).toContain("Satisfaction 5/5");
    expect(shown).toContain("Source not recorded");
    expect(shown).toContain("From the customer portal");
  });

  it("offers the edit link by the model's rule, and none for what the system wrote", async () => {
    const items = [
      item({ id: "own", kind: "call", title: "By the author", author_id: AUTHOR }),
      item({ id: "kams", kind: "call", title: "By the owner" }),
      item({ id: "sys", kind: "committee_change", source: "system", title: "Left" }),
      item({ id: "nps", kind: "survey", source: "portal", title: "NPS 3/10" }),
    ];
    const links = async (v: TimelineViewer) =>
      [
        ...(await render(<Timeline audience="internal" viewer={v} items={items} />)).matchAll(
          /href="\/accounts\/[^/]+\/touchpoints\/(\w+)"/g,
        ),
      ].map((m) => m[1]);
    expect(await links(viewer(AUTHOR, "kam"))).toEqual(["own"]);
    expect(await links(viewer(OWNER, "kam"))).toEqual(["own", "kams"]);
    expect(await links(viewer("00000000-0000-4000-8000-0000000000c3", "kam"))).toEqual([]);
    expect(await links(viewer("00000000-0000-4000-8000-0000000000d4", "director"))).toEqual(["own", "kams"]);
    // The customer's view never links to staff pages.
    expect(await render(<Timeline audience="customer" items={items} />)).not.toContain("/touchpoints/");
  });
});
