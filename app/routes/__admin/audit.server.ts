import { data } from "@remix-run/node";
import { auditChanges, auditLink } from "#app/domain/audit.ts";
import { formatters } from "#app/i18n/index.ts";
import { zodErrorMap } from "#app/i18n/validation.ts";
import { auditFilterOptions, listAuditEvents } from "#app/models/audit-log.server.ts";
import { AuditFilters } from "#app/schemas/audit.ts";
import { db } from "#app/utils/db.server.ts";
import { resolveLocale } from "#app/web/locale.server.ts";
import { messagesByField } from "#app/web/plain-forms.server.ts";

// The audit log page's data: the filters from the address (checked with Zod;
// a refused one answers 400 with its message beside the field), the choices
// the filter form offers, and a page of events, newest first.

const FILTER_FIELDS = ["account", "user", "from", "to", "kind"] as const;

type AuditEvent = Awaited<ReturnType<typeof listAuditEvents>>["events"][number];

/** One event as the page shows it: who, on what, in which account, and the fields that changed. */
function shownEvent(e: AuditEvent) {
  return {
    id: e.id,
    at: e.at,
    actor: e.actor_id ? { id: e.actor_id, name: e.actor_name, email: e.actor_email, role: e.actor_role } : null,
    account: e.account_id ? { id: e.account_id, name: e.account_name } : null,
    entity: e.entity,
    entityId: e.entity_id,
    action: e.action,
    link: auditLink(e),
    changes: auditChanges(e.before, e.after),
    ip: e.ip,
  };
}

/** The loader's answer for the audit log at `request`'s address (the caller has checked the role). */
export async function auditLogPage(request: Request) {
  const { t } = formatters(await resolveLocale(request));
  const params = new URL(request.url).searchParams;
  const raw = Object.fromEntries(FILTER_FIELDS.map((f) => [f, params.get(f) ?? ""]));
  const parsed = AuditFilters.safeParse({ ...raw, cursor: params.get("cursor") ?? "" }, { error: zodErrorMap(t) });
  const options = await auditFilterOptions(db(), parsed.success ? parsed.data : {});
  if (!parsed.success) {
    const errors = messagesByField(parsed.error.issues);
    return data({ events: [], nextCursor: null, values: raw, errors, options }, { status: 400 });
  }
  const { events, nextCursor } = await listAuditEvents(db(), parsed.data);
  return {
    events: events.map(shownEvent),
    nextCursor: nextCursor === null ? null : String(nextCursor),
    values: raw,
    errors: {} as Record<string, string>,
    options,
  };
}
