// Reading the audit log: its kinds of event, where an event's subject lives in
// the app, and its before/after difference field by field. Plain TypeScript.

/** Kinds an administrator filters by; each is a set of actions or entities. */
export const AUDIT_KINDS = ["auth", "refused", "access", "changes"] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Signing in and out, and passwords. */
export const AUTH_ACTIONS = [
  "sign_in",
  "sign_in_failed",
  "sign_in_throttled",
  "sign_out",
  "password_change",
  "password_change_failed",
  "password_set",
] as const;
/** Requests refused for want of authorization. */
export const REFUSED_ACTIONS = ["access_denied", "access_denied_suppressed"] as const;
/** Who may use the app: users, portal access, API tokens (their auth events aside). */
export const ACCESS_ENTITIES = ["user", "portal_access", "portal_invitation", "api_token"] as const;

export interface AuditSubject {
  entity: string;
  entity_id: string;
  account_id: string | null;
  action: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where the event's subject can be seen, when the app has a page for it. */
export function auditLink(e: AuditSubject): string | null {
  const id = UUID.test(e.entity_id) ? e.entity_id : null;
  const account = e.account_id;
  switch (e.entity) {
    case "account":
      return id ? `/accounts/${id}` : null;
    case "touchpoint":
      return account && id ? `/accounts/${account}/touchpoints/${id}` : null;
    case "expectation":
      return account && id ? `/accounts/${account}/expectations/${id}` : null;
    case "stakeholder":
      return account && id ? `/accounts/${account}/committee/${id}` : null;
    case "portal_access":
    case "portal_invitation":
      return account ? `/accounts/${account}/portal-access` : null;
    case "risk_signal":
    case "survey_response":
      return account ? `/accounts/${account}` : null;
    case "user":
      return id ? `/admin/users/${id}` : null;
    case "api_token":
      return "/admin/api-tokens";
    case "app_settings":
      return "/admin/scoring";
    case "outbox_message":
      return id ? `/admin/outbox?message=${id}` : "/admin/outbox";
    case "business_review":
      return account && id ? `/accounts/${account}/reviews/${id}` : null;
    case "import_job":
      return id ? `/import/${id}` : null;
    default:
      return account ? `/accounts/${account}` : null;
  }
}

export interface AuditChange {
  field: string;
  before: string | null;
  after: string | null;
}

const SHOWN = 200;

function show(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text;
}

/**
 * The difference an event records, one line per field: the value before and
 * after (null where there was none, as for a creation or a deletion). Fields
 * equal on both sides are left out.
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .map((field) => ({ field, before: show(b[field]), after: show(a[field]) }))
    .filter((c) => c.before !== c.after);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
