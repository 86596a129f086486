import { describe, expect, it } from "vitest";
import { renderInPage as render } from "#tests/setup/render-page.tsx";
import { RoleButtons } from "#app/components/role-buttons.tsx";
import { COMMITTEE_ROLES } from "#app/domain/vocabulary.ts";

const member = {
  id: "00000000-0000-4000-8000-000000000001",
  name: "Chris Champion",
  title: "COO",
  committee_role: "champion",
  influence: 4,
  stance: "supporter",
  reports_to_id: null,
  left_on: null,
  version: 7,
};

describe("the one-click role buttons", () => {
  it("post the role with the version shown, one real submit button per role, the current one pressed", async () => {
    const html = await render(<RoleButtons member={member} />);
    expect(html).toMatch(/<details[^>]*data-testid="role-buttons"/);
    expect(html).toMatch(/<form[^>]*method="post"/);
    expect(html).toContain('<input type="hidden" name="intent" value="role"/>');
    expect(html).toContain(`<input type="hidden" name="stakeholder_id" value="${member.id}"/>`);
    expect(html).toContain('<input type="hidden" name="version" value="7"/>');
    const buttons = [
      ...html.matchAll(
        /<button type="submit" name="committee_role" value="([a-z_]*)"[^>]*aria-pressed="(true|false)"/g,
      ),
    ];
    expect(buttons.map((b) => b[1])).toEqual(["", ...COMMITTEE_ROLES]);
    expect(buttons.filter((b) => b[2] === "true").map((b) => b[1])).toEqual(["champion"]);
    expect(html).toContain("Champion (current)");
  });

  it("shows a lost race in the row: the message, what the other person saved, and their version to save over", async () => {
    const reply = {
      stakeholderId: member.id,
      result: { status: "error" as const, error: { "": ["Dana Director changed this while you were editing."] } },
      conflict: { version: 8, changes: [{ field: "Role", value: "Blocker" }] },
    };
    const html = await render(<RoleButtons member={member} reply={reply} />);
    expect(html).toMatch(/<details[^>]*open=""/);
    expect(html).toContain('role="alert"');
    expect(html).toContain("Dana Director changed this while you were editing.");
    expect(html).toContain("Role: now “Blocker”");
    expect(html).toContain('<input type="hidden" name="version" value="8"/>');
  });

  it("speaks the reader's language", async () => {
    const html = await render(<RoleButtons member={member} />, "fi");
    expect(html).toContain("Puolestapuhuja (nykyinen)");
    expect(html).toContain("Vaihda henkilön Chris Champion rooli");
  });
});
