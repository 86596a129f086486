import type { SubmissionResult } from "@conform-to/react";
import { useFetcher } from "@remix-run/react";
import type { CommitteeMemberRow } from "#app/components/committee-table.tsx";
import { FormAlert } from "#app/components/ui/field.tsx";
import { COMMITTEE_ROLES, type CommitteeRole } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { ConflictInfo } from "#app/schemas/form-reply.ts";

/** The reply to one row's role buttons, matched to its person (see app/routes/__committee/role-action.server.ts). */
export interface RoleReply {
  stakeholderId: string;
  result: SubmissionResult<string[]>;
  conflict?: ConflictInfo;
}

/**
 * A person's committee role, set with one click: a disclosure with one submit
 * button per role. Each button is a real form button, so it works without
 * JavaScript (the page reloads); with it, a fetcher keeps the page where it is.
 * The form carries the version the row was shown with: a role someone else
 * changed meanwhile is refused and shown, not overwritten.
 */
export function RoleButtons({
  member,
  reply,
}: {
  member: CommitteeMemberRow & { version: number };
  reply?: RoleReply | undefined;
}) {
  const { t } = useI18n();
  const fetcher = useFetcher<{ role?: RoleReply }>();
  const latest = fetcher.data?.role ?? reply;
  const pending = fetcher.state !== "idle";
  const chosen = pending ? String(fetcher.formData?.get("committee_role") ?? "") : undefined;
  const current = member.committee_role ?? "";
  const label = (role: string) => (role ? t(`committeeRole.${role as CommitteeRole}`) : t("committee.noRole"));
  const errorId = `role-${member.id}-error`;
  const errors = latest?.result.error?.[""] ?? latest?.result.error?.committee_role ?? undefined;
  return (
    <details className="group relative" data-testid="role-buttons" open={errors ? true : undefined}>
      <summary
        className="inline-flex cursor-pointer list-none items-center gap-1 rounded-md border border-slate-400 bg-white px-2 py-1 text-sm"
        aria-describedby={errors ? errorId : undefined}
      >
        {pending && chosen !== undefined ? label(chosen) : label(current)}
        <span aria-hidden="true">▾</span>
        <span className="sr-only">: {t("roleButtons.openFor", { name: member.name })}</span>
      </summary>
      <fetcher.Form
        method="post"
        className="mt-1 flex w-56 flex-col gap-1 rounded-md bg-white p-2 shadow-md ring-1 ring-slate-300"
        aria-label={t("roleButtons.openFor", { name: member.name })}
      >
        <input type="hidden" name="intent" value="role" />
        <input type="hidden" name="stakeholder_id" value={member.id} />
        <input type="hidden" name="version" value={latest?.conflict?.version ?? member.version} />
        <FormAlert
          id={errorId}
          errors={errors}
          details={latest?.conflict?.changes.map((c) => t("form.conflictField", { field: c.field, value: c.value }))}
        />
        {["", ...COMMITTEE_ROLES].map((role) => (
          <button
            key={role || "none"}
            type="submit"
            name="committee_role"
            value={role}
            disabled={pending}
            aria-pressed={role === current}
            className={`rounded px-2 py-1 text-left text-sm hover:bg-slate-100 ${
              role === current ? "font-semibold text-brand-700" : ""
            }`}
          >
            {label(role)}
            {role === current ? ` ${t("roleButtons.current")}` : null}
            <span className="sr-only">: {t("committee.roleFor", { name: member.name })}</span>
          </button>
        ))}
      </fetcher.Form>
    </details>
  );
}
