import { describe, expect, it } from "vitest";
import { auditChanges, auditLink } from "#app/domain/audit.ts";

const A = "0b8f3c52-7c43-4b8e-9a56-0a4a3d1d2e01";
const X = "4c1a8f0e-2b7d-4f5e-8c9a-1d2e3f4a5b6c";

describe("audit log display", () => {
  it("links an event to the page of what it is about, when there is one", () => {
    expect(auditLink({ entity: "account", entity_id: A, account_id: A, action: "update" })).toBe(`/accounts/${A}`);
    expect(auditLink({ entity: "touchpoint", entity_id: X, account_id: A, action: "create" })).toBe(`/accounts/${A}/touchpoints/${X}`);
    expect(auditLink({ entity: "expectation", entity_id: X, account_id: A, action: "deliver" })).toBe(`/accounts/${A}/expectations/${X}`);
    expect(auditLink({ entity: "stakeholder", entity_id: X, account_id: A, action: "leave" })).toBe(`/accounts/${A}/committee/${X}`);
    expect(auditLink({ entity: "portal_invitation", entity_id: X, account_id: A, action: "invite" })).toBe(`/accounts/${A}/portal-access`);
    expect(auditLink({ entity: "user", entity_id: X, account_id: null, action: "disable" })).toBe(`/admin/users/${X}`);
    expect(auditLink({ entity: "app_settings", entity_id: "scoring", account_id: null, action: "update" })).toBe("/admin/scoring");
    // Nothing to link to: a refused request's path, a failed sign-in of an unknown e-mail.
    expect(auditLink({ entity: "request", entity_id: "/accounts", account_id: null, action: "access_denied" })).toBeNull();
    expect(auditLink({ entity: "session", entity_id: "unknown", account_id: null, action: "sign_in_failed" })).toBeNull();
    // An id that is not a uuid is never put in a link.
    expect(auditLink({ entity: "account", entity_id: "../../logout", account_id: null, action: "update" })).toBeNull();
  });

  it("lists what changed field by field, old → new", () => {
    expect(auditChanges({ tier: "key", name: "Oy A" }, { tier: "strategic", name: "Oy A" })).toEqual([
      { field: "tier", before: "key", after: "strategic" },
    ]);
    expect(auditChanges(null, { name: "New Oy", contract_value: 120000 })).toEqual([
      { field: "name", before: null, after: "New Oy" },
      { field: "contract_value", before: null, after: "120000" },
    ]);
    expect(auditChanges({ title: "Gone" }, null)).toEqual([{ field: "title", before: "Gone", after: null }]);
    expect(auditChanges({ tags: ["a"] }, { tags: ["a", "b"] })).toEqual([{ field: "tags", before: '["a"]', after: '["a","b"]' }]);
    const long = auditChanges(null, { summary: "x".repeat(500) })[0]!;
    expect(long.after).toHaveLength(201);
    expect(auditChanges("not an object", 42)).toEqual([]);
  });
});
