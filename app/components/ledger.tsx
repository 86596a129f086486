import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { Button, FormAlert } from "#app/components/ui/field.tsx";
import { FilterForm, FilterSelects } from "#app/components/ui/filter-form.tsx";
import { optionsOf } from "#app/components/ui/options.ts";
import { EXPECTATION_CATEGORIES } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { DeclineForm, LedgerFilterValues } from "#app/schemas/expectation.ts";
import { LEDGER_GROUPS, type LedgerGroup } from "#app/schemas/expectation.values.ts";
import type { ConflictInfo } from "#app/schemas/form-reply.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import { BandedTable, RowTitleLink } from "#app/components/ui/table.tsx";

type Category = (typeof EXPECTATION_CATEGORIES)[number];

import { DueDate, ExpectationBadge } from "#app/components/expectation-badge.tsx";
import { InputFor } from "#app/components/ui/select-for.tsx";

export { expectationState, ExpectationBadge } from "#app/components/expectation-badge.tsx";

export interface LedgerRow {
  id: string;
  title: string;
  category: string;
  importance: number;
  status: string;
  outcome: string | null;
  original_due_date: string;
  due_date: string;
  /** The date the customer was promised (predictability's promise). */
  promised_date?: string | null;
  /** An open one with a notice no portal user could see and nobody answered (notice.ts). */
  notice_unseen?: boolean | null;
  delivered_on: string | null;
  customer_response: string | null;
  holder_name: string | null;
  owner_name: string | null;
  version: number;
}

export interface LedgerGroupView {
  group: LedgerGroup;
  items: LedgerRow[];
  more: boolean;
  nextCursor: string | null;
}

/** Proposal forms' last replies, keyed by the expectation they were for. */
export interface ProposalReplies {
  id: string;
  result?: SubmissionResult<string[]> | undefined;
  conflict?: ConflictInfo | undefined;
}

/** The ledger in its groups. Each heading is a landmark; each row links to the expectation. */
export function Ledger({
  accountId,
  groups,
  counts,
  today,
  canEdit,
  filtered,
  query,
  proposalReply,
}: {
  accountId: string;
  groups: LedgerGroupView[];
  counts: Record<LedgerGroup, number>;
  today: string;
  canEdit: boolean;
  filtered: boolean;
  query: URLSearchParams;
  proposalReply?: ProposalReplies | undefined;
}) {
  const { t } = useI18n();
  const total = groups.reduce((n, g) => n + g.items.length, 0);
  if (total === 0) {
    return (
      <p className="mt-6 rounded-lg bg-white p-8 text-center text-slate-700 ring-1 ring-slate-200" data-testid="ledger-empty">
        {filtered ? t("ledger.emptyFiltered") : t("ledger.empty")}
      </p>
    );
  }
  const single = groups.length === 1;
  return (
    <div className="mt-6 flex flex-col gap-8">
      {groups.map(({ group, items, more, nextCursor }) => {
        // Without a group filter, empty groups other than the pressing ones stay out of the way.
        if (!single && items.length === 0 && group !== "overdue" && group !== "due_soon") return null;
        const headingId = `ledger-${group}`;
        const withGroup = new URLSearchParams(query);
        withGroup.set("group", group);
        withGroup.delete("cursor");
        const nextPage = new URLSearchParams(withGroup);
        if (nextCursor) nextPage.set("cursor", nextCursor);
        return (
          <section key={group} aria-labelledby={headingId} data-testid={`ledger-group-${group}`}>
            <h2 id={headingId} className="text-lg font-semibold">
              {t(`ledger.group.${group}`)} <span className="text-base font-normal text-slate-600">({counts[group]})</span>
            </h2>
            {group === "proposed" && canEdit ? <p className="text-sm text-slate-700">{t("proposal.help")}</p> : null}
            {items.length === 0 ? (
              <p className="mt-2 text-sm text-slate-600">{t("ledger.groupEmpty")}</p>
            ) : (
              <LedgerTable
                accountId={accountId}
                items={items}
                today={today}
                proposals={group === "proposed" && canEdit}
                proposalReply={proposalReply}
              />
            )}
            <nav aria-label={t(`ledger.group.${group}`)} className="mt-2 flex gap-4 text-sm">
              {!single && more ? (
                <Link to={`?${withGroup}`} className="text-brand-700 underline">
                  {t("ledger.showAll", { count: counts[group] })}
                </Link>
              ) : null}
              {single && query.get("cursor") ? (
                <Link to={`?${withGroup}`} className="text-brand-700 underline">
                  {t("ledger.firstPage")}
                </Link>
              ) : null}
              {single && nextCursor ? (
                <Link to={`?${nextPage}`} className="text-brand-700 underline" rel="next">
                  {t("ledger.more")}
                </Link>
              ) : null}
            </nav>
          </section>
        );
      })}
    </div>
  );
}

function LedgerTable({
  accountId,
  items,
  today,
  proposals,
  proposalReply,
}: {
  accountId: string;
  items: LedgerRow[];
  today: string;
  proposals: boolean;
  proposalReply?: ProposalReplies | undefined;
}) {
  const { t, date } = useI18n();
  return (
    <div className="mt-2 overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <BandedTable
        names={[
          t("ledger.col.title"),
          t("ledger.col.status"),
          t("ledger.col.due"),
          t("ledger.col.category"),
          t("ledger.col.holder"),
          t("ledger.col.owner"),
          t("ledger.col.importance"),
          ...(proposals ? [t("ledger.col.actions")] : []),
        ]}
      >
        {items.map((e) => (
          <tr key={e.id} data-testid="ledger-row" className="align-top">
            <td className="px-3 py-2">
              <RowTitleLink to={`/accounts/${accountId}/expectations/${e.id}`}>{e.title}</RowTitleLink>
            </td>
            <td className="px-3 py-2 whitespace-nowrap">
              <ExpectationBadge expectation={e} today={today} />
              {e.customer_response ? (
                <div className="mt-1 text-xs text-slate-700">{t(`expResponse.${e.customer_response as "confirmed"}`)}</div>
              ) : null}
            </td>
            <td className="px-3 py-2 whitespace-nowrap">
              <DueDate e={e} />
              {e.status === "open" && e.promised_date && e.promised_date !== e.due_date ? (
                <div className={`text-xs ${e.promised_date < today ? "font-semibold text-red-800" : "text-slate-600"}`}>
                  {t("ledger.promisedOn", { date: date(e.promised_date) })}
                </div>
              ) : null}
              {e.notice_unseen ? (
                <div className="text-xs text-amber-900" data-testid="ledger-notice-unseen">
                  {t("ledger.noticeUnseen")}
                </div>
              ) : null}
              {e.delivered_on ? (
                <div className="text-xs text-slate-600">{t("ledger.deliveredOn", { date: date(e.delivered_on) })}</div>
              ) : null}
            </td>
            <td className="px-3 py-2">{t(`expCategory.${e.category as Category}`)}</td>
            <td className="px-3 py-2">{e.holder_name ?? "—"}</td>
            <td className="px-3 py-2">{e.owner_name ?? "—"}</td>
            <td className="px-3 py-2 whitespace-nowrap">{t(`expImportance.${e.importance as 1 | 2 | 3}`)}</td>
            {proposals ? (
              <td className="px-3 py-2">
                <ProposalActions
                  expectationId={e.id}
                  version={e.version}
                  reply={proposalReply?.id === e.id ? proposalReply : undefined}
                  compact
                />
              </td>
            ) : null}
          </tr>
        ))}
      </BandedTable>
    </div>
  );
}

/**
 * Accept or decline a customer's proposal. Two small forms that work without
 * JavaScript; declining asks for a reason, kept in the history.
 */
export function ProposalActions({
  expectationId,
  version,
  reply,
  compact,
}: {
  expectationId: string;
  version: number;
  reply?: ProposalReplies | undefined;
  compact?: boolean;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const [form, fields] = useZodForm<typeof DeclineForm>(`decline-${expectationId}`, { lastResult: reply?.result });
  const busy = (intent: string) =>
    navigation.state === "submitting" &&
    navigation.formData?.get("intent") === intent &&
    navigation.formData?.get("expectation_id") === expectationId;
  const currentVersion = reply?.conflict?.version ?? version;
  return (
    <div className={`flex flex-col gap-2 ${compact ? "min-w-56" : "max-w-xl"}`}>
      <FormAlert
        id={form.errorId}
        errors={form.errors}
        details={reply?.conflict?.changes.map((c) => t("form.conflictField", { field: c.field, value: c.value }))}
      />
      <Form method="post">
        <input type="hidden" name="intent" value="accept" />
        <input type="hidden" name="expectation_id" value={expectationId} />
        <input type="hidden" name="version" value={currentVersion} />
        <Button type="submit" pending={busy("accept")} pendingLabel={t("form.saving")}>
          {t("proposal.accept")}
        </Button>
      </Form>
      <Form method="post" {...getFormProps(form)} className="flex flex-col gap-2">
        <input type="hidden" name="intent" value="decline" />
        <input type="hidden" name="expectation_id" value={expectationId} />
        <input type="hidden" name="version" value={currentVersion} />
        <InputFor meta={fields.reason} label={t("proposal.declineReason")} type="text" maxLength={2000} />
        <div>
          <button
            type="submit"
            aria-busy={busy("decline") || undefined}
            className="rounded-md border border-slate-500 bg-white px-3 py-1.5 font-medium"
          >
            {t("proposal.decline")}
          </button>
        </div>
      </Form>
    </div>
  );
}

/** The ledger's filters, as a GET form: they live in the URL, so a filtered view can be shared and bookmarked. */
export function LedgerFilters({
  filters,
  holders,
  owners,
}: {
  filters: LedgerFilterValues;
  holders: { id: string; name: string; left_on: string | null }[];
  owners: { id: string; name: string }[];
}) {
  const { t } = useI18n();
  const left = t("expectationForm.left");
  const groups = optionsOf(LEDGER_GROUPS, (g) => t(`ledger.group.${g}`));
  const categories = optionsOf(EXPECTATION_CATEGORIES, (c) => t(`expCategory.${c}`));
  const holderOptions = holders.map((h) => ({ value: h.id, label: h.left_on ? `${h.name} (${left})` : h.name }));
  const choices = [
    { name: "group", label: t("ledger.filterGroup"), anyLabel: t("ledger.allGroups"), options: groups },
    { name: "category", label: t("ledger.filterCategory"), options: categories },
    { name: "holder", label: t("ledger.filterHolder"), options: holderOptions },
    { name: "owner", label: t("ledger.filterOwner"), options: owners.map((o) => ({ value: o.id, label: o.name })) },
  ] as const;
  return (
    <FilterForm
      className="mt-4"
      submitLabel={t("ledger.filter")}
      clear={{ to: ".", label: t("ledger.clear") }}
    >
      <FilterSelects idPrefix="ledger-" values={filters} anyLabel={t("ledger.any")} choices={choices} />
    </FilterForm>
  );
}
