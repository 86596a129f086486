// The expectation at a glance (its facts), and a reply whose form has gone.
import { Fact } from "#app/components/ui/panel.tsx";
import type { IntentReply } from "#app/components/ui/intent-form.tsx";
import type { TouchpointKind } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { getExpectation } from "#app/models/expectations.server.ts";
import { TYPED_LABELS } from "./labels.ts";

type Expectation = NonNullable<Awaited<ReturnType<typeof getExpectation>>>;

/** Due dates, category, importance, who holds it and who owns it, where it came from, and its delivery. */
export function ExpectationFacts({ expectation: e }: { expectation: Expectation }) {
  const { t, date } = useI18n();
  return (
    <dl className="mt-4 grid grid-cols-2 gap-4 rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200 md:grid-cols-4">
      <Fact label={t("expectation.due")} value={date(e.due_date)} />
      <Fact label={t("expectation.originalDue")} value={date(e.original_due_date)} />
      <Fact label={t("expectation.category")} value={t(`expCategory.${e.category as "delivery"}`)} />
      <Fact label={t("expectation.importance")} value={t(`expImportance.${e.importance as 1}`)} />
      <Fact
        label={t("expectation.holder")}
        value={
          e.holder_name ? (e.holder_left_on ? `${e.holder_name} (${t("expectationForm.left")})` : e.holder_name) : "—"
        }
      />
      <Fact label={t("expectation.owner")} value={e.owner_name ?? "—"} />
      <Fact
        label={t("expectation.source")}
        value={
          e.source === "touchpoint" && e.source_touchpoint_title
            ? `${t(`kind.${e.source_touchpoint_kind as TouchpointKind}`)} · ${date(e.source_touchpoint_occurred_at)} · ${e.source_touchpoint_title}`
            : t(`expSource.${e.source as "contract"}`)
        }
      />
      {e.status === "resolved" ? (
        <Fact label={t("expectation.delivered")} value={e.delivered_on ? date(e.delivered_on) : "—"} />
      ) : null}
      {e.delivery_note ? <Fact label={t("expectation.deliveryNote")} value={e.delivery_note} /> : null}
      {e.customer_response ? (
        <Fact
          label={t("expectation.customerResponse")}
          value={[t(`expResponse.${e.customer_response as "confirmed"}`), e.customer_comment]
            .filter(Boolean)
            .join(": ")}
        />
      ) : null}
    </dl>
  );
}

/**
 * A reply for a form that is no longer offered (someone moved the expectation
 * on meanwhile): the message, what changed, and what was typed, rather than lose it.
 */
export function OrphanReply({ reply }: { reply: IntentReply }) {
  const { t } = useI18n();
  const typed = Object.entries((reply.result?.initialValue ?? {}) as Record<string, unknown>).filter(
    ([k, v]) => TYPED_LABELS[k] && typeof v === "string" && v.trim() !== "",
  );
  return (
    <section role="alert" className="max-w-3xl rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      {Object.values(reply.result?.error ?? {})
        .flat()
        .map((m) => (
          <p key={String(m)}>{m}</p>
        ))}
      {reply.conflict?.changes.length ? (
        <ul className="mt-2 list-disc pl-5">
          {reply.conflict.changes.map((c) => (
            <li key={c.field}>{t("form.conflictField", { field: c.field, value: c.value })}</li>
          ))}
        </ul>
      ) : null}
      {typed.length ? (
        <>
          <p className="mt-2 font-medium">{t("expectation.formGone")}</p>
          <dl className="mt-1">
            {typed.map(([k, v]) => (
              <div key={k} className="flex gap-2">
                <dt>{t(TYPED_LABELS[k]!)}:</dt>
                <dd className="whitespace-pre-line">{String(v)}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
    </section>
  );
}
