import { describe, expect, it } from "vitest";
import { renderInPage as render } from "#tests/setup/render-page.tsx";
import { InvitationLink } from "#app/routes/__portal/access-sections.tsx";

// The invitation just made, on the portal access page: an administrator gets
// its link once, with a mail written out; the account's KAM only where it went.

const invitation = {
  email: "paula@pilot.example",
  name: "Paula Pilot",
  expiresAt: "2026-12-14T10:00:00.000Z",
  mailed: false,
};
const link = "https://kohtaamo.example/portal/invite/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

describe("the invitation just made", () => {
  it("shows an administrator the link once, and a mail to the person with the link written out", async () => {
    const html = await render(
      <InvitationLink invitation={{ ...invitation, link }} account="Pilot Oy" me="Aino Admin" />,
    );
    expect(html).toContain(`<a href="${link}">${link}</a>`);
    const mailto = new URL(/href="(mailto:[^"]*)"/.exec(html)![1]!.replaceAll("&amp;", "&"));
    expect(mailto.pathname).toBe("paula@pilot.example");
    expect(mailto.searchParams.get("subject")).toContain("Pilot Oy");
    expect(mailto.searchParams.get("body")).toContain("Hello Paula Pilot,");
    expect(mailto.searchParams.get("body")).toContain(link);
  });

  it("shows the account's KAM no link: where the invitation went, and why the link is not theirs", async () => {
    for (const mailed of [true, false]) {
      const html = await render(
        <InvitationLink invitation={{ ...invitation, mailed, link: null }} account="Pilot Oy" me="Kaisa Kam" />,
      );
      expect(html).not.toContain("/portal/invite/");
      expect(html).not.toContain("mailto:");
      expect(html).toContain("Invitation for Paula Pilot");
      expect(html).toContain(
        mailed
          ? "The invitation is on its way to paula@pilot.example."
          : "an administrator can pass it on to paula@pilot.example",
      );
      expect(html).toContain("it is never shown to the account&#x27;s KAM");
    }
  });
});
