import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Badge } from "#app/components/ui/badge.tsx";
import { FormAlert } from "#app/components/ui/field.tsx";
import { ShortText } from "#app/components/ui/select-for.tsx";
import { PortalButton } from "#app/components/portal-form.tsx";
import { useIsPending } from "#app/components/ui/pending.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import type { NoticeAnswer, NoticeState } from "#app/domain/notice.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { NoticeAnswerForm } from "#app/schemas/portal.ts";

/** A re-plan the account manager says the customer was told of, as the portal shows it. */
export interface PortalNoticeView {
  replanId: string;
  title: string;
  fromDueDate: string | null;
  toDueDate: string | null;
  reason: string;
  toldOn: string | null;
  state: NoticeState;
  standsFrom: string | null;
  answerable: NoticeAnswer[];
}

const TONE: Record<NoticeState, "good" | "warn" | "bad" | "neutral"> = {
  none: "neutral",
  awaiting: "warn",
  unreachable: "warn",
  uncontested: "neutral",
  confirmed: "good",
  contested: "bad",
};

/** "We told you on 3 Nov that this moves to 20 Nov — is that right?", with the answer buttons still open to the customer. */
export function NoticeCard({
  notice,
  lastResult,
}: {
  notice: PortalNoticeView;
  lastResult?: SubmissionResult<string[]> | undefined;
}) {
  const { t, date } = useI18n();
  const pending = useIsPending(notice.replanId, "replan_id");
  const [form, fields] = useZodForm<typeof NoticeAnswerForm>(`notice-${notice.replanId}`, { lastResult });
  const sending = t("portalCommitments.sending");
  return (
    <li
      className="rounded-lg border border-slate-200 bg-white p-4"
      data-testid="portal-notice"
      data-state={notice.state}
    >
      <div className="flex flex-wrap items-start gap-2">
        <h3 className="min-w-0 flex-1 font-semibold break-words">{notice.title}</h3>
        <Badge tone={TONE[notice.state]}>{t(`portalNotices.state.${notice.state}`)}</Badge>
      </div>
      <p className="mt-1 text-slate-800">
        {t("portalNotices.question", {
          told: date(notice.toldOn),
          from: date(notice.fromDueDate),
          to: date(notice.toDueDate),
        })}
      </p>
      {notice.reason ? (
        <p className="mt-1 text-sm text-slate-700">{t("portalNotices.reason", { reason: notice.reason })}</p>
      ) : null}
      {notice.state === "awaiting" && notice.standsFrom ? (
        <p className="mt-1 text-sm text-slate-700">
          {t("portalNotices.awaitingHint", { date: date(notice.standsFrom) })}
        </p>
      ) : null}
      {notice.state === "unreachable" ? (
        <p className="mt-1 text-sm text-slate-700">{t("portalNotices.unreachableHint")}</p>
      ) : null}
      {notice.answerable.length ? (
        <Form method="post" {...getFormProps(form)} className="mt-3 flex flex-col gap-3 border-t border-slate-100 pt-3">
          <input type="hidden" name="intent" value="notice" />
          <input type="hidden" name="replan_id" value={notice.replanId} />
          <FormAlert id={form.errorId} errors={form.errors} />
          <ShortText meta={fields.note} label={t("portalNotices.note")} />
          <div className="flex flex-wrap gap-2">
            {notice.answerable.includes("confirmed") ? (
              <PortalButton name="answer" value="confirmed" pending={pending} pendingLabel={sending}>
                {t("portalNotices.confirm")}
              </PortalButton>
            ) : null}
            <PortalButton name="answer" value="contested" pending={pending} pendingLabel={sending} tone="rose">
              {t("portalNotices.contest")}
            </PortalButton>
          </div>
        </Form>
      ) : null}
    </li>
  );
}
