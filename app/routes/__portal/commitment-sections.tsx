import type { SubmissionResult } from "@conform-to/react";
import { Link } from "#app/components/ui/link.tsx";
import type { ReactNode } from "react";
import { CommitmentCard, RespondForm, type PortalCommitment } from "#app/components/portal-commitment.tsx";
import { NoticeCard, type PortalNoticeView } from "#app/components/portal-notice.tsx";
import { isAnswerableDelivery, type PendingNotice } from "#app/domain/commitments.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

// The portal's commitments page in its parts: re-plans to check, deliveries to
// answer, what is overdue and open, what was answered or not delivered, and the
// customer's own proposals. Every list says how many it holds, or that it is empty.

type Reply = SubmissionResult<string[]> | undefined;

export interface CommitmentLists {
  awaitingAnswer: PortalCommitment[];
  overdue: (PortalCommitment & {
    days_overdue: number;
    due_for_customer: string;
    pending_notice: PendingNotice | null;
  })[];
  open: PortalCommitment[];
  answered: PortalCommitment[];
  notDelivered: PortalCommitment[];
  proposals: PortalCommitment[];
  /** Older answered or not delivered ones were left out: only the newest `listed` are shown. */
  settledLeftOut: { listed: number } | null;
}

export function CommitmentsHeader() {
  const { t } = useI18n();
  return (
    <div>
      <div className="flex flex-wrap items-center gap-4">
        <h1 className="text-2xl font-bold">{t("portalCommitments.title")}</h1>
        <Link
          to="/portal/commitments/new"
          className="ml-auto rounded-md bg-sky-700 px-3 py-1.5 text-sm font-semibold text-white"
        >
          {t("portalCommitments.new")}
        </Link>
      </div>
      <p className="mt-1 max-w-3xl text-slate-700">{t("portalCommitments.intro")}</p>
    </div>
  );
}

/** A list with its count in the heading, or its empty text: the two always agree. */
function Section({
  id,
  title,
  empty,
  count,
  intro,
  note,
  children,
}: {
  id: string;
  title: string;
  empty: string;
  count: number;
  intro?: string;
  /** Said below the list (e.g. that older items are not listed). */
  note?: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby={`${id}-heading`} data-testid={`portal-section-${id}`} data-count={count}>
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {count ? t("portalCommitments.count", { title, count }) : title}
      </h2>
      {intro ? <p className="mt-1 max-w-3xl text-sm text-slate-700">{intro}</p> : null}
      {count ? (
        <ul className="mt-3 flex flex-col gap-3">{children}</ul>
      ) : (
        <p className="mt-2 text-slate-700">{empty}</p>
      )}
      {note ? (
        <p className="mt-2 max-w-3xl text-sm text-slate-700" data-testid={`portal-section-${id}-note`}>
          {note}
        </p>
      ) : null}
    </section>
  );
}

/**
 * Commitments shown as they are, nothing to answer: with an `empty` text the
 * section stands when the list is empty; without one it is left out.
 */
export function CommitmentList({
  id,
  title,
  empty,
  commitments,
}: {
  id: string;
  title: string;
  empty?: string;
  commitments: (PortalCommitment & {
    days_overdue?: number;
    due_for_customer?: string;
    pending_notice?: PendingNotice | null;
  })[];
}) {
  if (empty === undefined && !commitments.length) return null;
  return (
    <Section id={id} title={title} empty={empty ?? ""} count={commitments.length}>
      {commitments.map((c) => (
        <CommitmentCard
          key={c.id}
          commitment={c}
          daysOverdue={c.days_overdue}
          dueForCustomer={c.due_for_customer}
          pendingNotice={c.pending_notice ?? undefined}
        />
      ))}
    </Section>
  );
}

/**
 * Re-plans the account manager says the customer was told of, to confirm or
 * contest; left out when there are none. Every one awaiting an answer is listed;
 * `settledLeftOut`: older answered or settled ones were left out (only the
 * newest `listed` shown), and it says so.
 */
export function NoticesSection({
  notices,
  settledLeftOut,
  resultFor,
}: {
  notices: PortalNoticeView[];
  settledLeftOut: { listed: number } | null;
  resultFor: (id: string) => Reply;
}) {
  const { t } = useI18n();
  if (!notices.length) return null;
  return (
    <Section
      id="notices"
      title={t("portalNotices.title")}
      empty=""
      count={notices.length}
      intro={t("portalNotices.intro")}
      note={settledLeftOut ? t("portalNotices.olderLeftOut", { count: settledLeftOut.listed }) : undefined}
    >
      {notices.map((n) => (
        <NoticeCard key={n.replanId} notice={n} lastResult={resultFor(n.replanId)} />
      ))}
    </Section>
  );
}

/** Deliveries the customer has not answered yet, each with its form. */
export function AwaitingSection({
  commitments,
  resultFor,
}: {
  commitments: PortalCommitment[];
  resultFor: (id: string) => Reply;
}) {
  const { t } = useI18n();
  return (
    <Section
      id="awaiting"
      title={t("portalCommitments.awaiting")}
      empty={t("portalCommitments.awaitingEmpty")}
      count={commitments.length}
    >
      {commitments.map((c) => (
        <CommitmentCard key={c.id} commitment={c}>
          <RespondForm commitment={c} lastResult={resultFor(c.id)} />
        </CommitmentCard>
      ))}
    </Section>
  );
}

/**
 * Deliveries answered; an answer that may still change opens its form again
 * (open after a refusal). Below it, when older answered or not delivered ones
 * were left out, it says so (every delivery awaiting an answer is listed above).
 */
export function AnsweredSection({
  lists,
  resultFor,
}: {
  lists: Pick<CommitmentLists, "answered" | "awaitingAnswer" | "settledLeftOut">;
  resultFor: (id: string) => Reply;
}) {
  const { t } = useI18n();
  return (
    <Section
      id="answered"
      title={t("portalCommitments.answered")}
      empty={t(
        lists.awaitingAnswer.length ? "portalCommitments.answeredEmptyAwaiting" : "portalCommitments.answeredEmpty",
      )}
      count={lists.answered.length}
      note={
        lists.settledLeftOut ? t("portalCommitments.olderLeftOut", { count: lists.settledLeftOut.listed }) : undefined
      }
    >
      {lists.answered.map((c) => (
        <CommitmentCard key={c.id} commitment={c}>
          {isAnswerableDelivery(c) ? (
            <details open={Boolean(resultFor(c.id))} className="mt-2">
              <summary className="cursor-pointer text-sm text-sky-800 underline">
                {t("portalCommitments.changeAnswer")}
              </summary>
              <RespondForm commitment={c} lastResult={resultFor(c.id)} />
            </details>
          ) : null}
        </CommitmentCard>
      ))}
    </Section>
  );
}
