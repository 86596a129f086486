import { Form } from "@remix-run/react";
import { useIsPending } from "#app/components/ui/pending.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

// The risk inbox's acknowledging forms: one signal at a time (inside its row),
// or several at once with one note (the rows' checkboxes belong to that form
// by its id, form="bulk-ack", so it works without JavaScript).

const button = "rounded-md bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60";

/** The note an acknowledgement keeps, with the refusal (what was typed kept) or a hint under it. */
function NoteField({
  id,
  label,
  help,
  refused,
  announce = false,
}: {
  id: string;
  label: string;
  help: string;
  refused: { note: string; error: string } | undefined;
  /** Say the refusal aloud when it comes (the bulk form, far from the rows one ticked). */
  announce?: boolean;
}) {
  return (
    <div className="flex min-w-64 flex-1 flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <textarea
        id={id}
        name="note"
        rows={1}
        maxLength={1000}
        defaultValue={refused?.note ?? ""}
        aria-invalid={refused ? true : undefined}
        aria-describedby={refused ? `${id}-error` : `${id}-help`}
        className="rounded-md border border-slate-400 px-2 py-1.5 text-sm"
      />
      {refused ? (
        <p id={`${id}-error`} role={announce ? "alert" : undefined} className="text-sm text-red-800">
          {refused.error}
        </p>
      ) : (
        <p id={`${id}-help`} className="text-xs text-slate-600">
          {help}
        </p>
      )}
    </div>
  );
}

/** Several signals acknowledged with one note: the checked rows' signals. */
export function BulkAcknowledgeForm({ refused }: { refused: { note: string; error: string } | undefined }) {
  const { t } = useI18n();
  const pending = useIsPending("acknowledge_many");
  return (
    <Form
      method="post"
      id="bulk-ack"
      className="flex flex-wrap items-end gap-2 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200"
      aria-labelledby="bulk-ack-title"
    >
      <h2 id="bulk-ack-title" className="w-full text-sm font-semibold">
        {t("risks.bulk.title")}
      </h2>
      <input type="hidden" name="intent" value="acknowledge_many" />
      <NoteField id="bulk-note" label={t("risks.bulk.note")} help={t("risks.bulk.help")} refused={refused} announce />
      <button type="submit" disabled={pending} className={button}>
        {pending ? t("risks.acknowledging") : t("risks.bulk.submit")}
      </button>
    </Form>
  );
}

/** One signal acknowledged, with a note. */
export function AcknowledgeForm({
  accountId,
  signalId,
  refused,
}: {
  accountId: string;
  signalId: string;
  refused: { note: string; error: string } | undefined;
}) {
  const { t } = useI18n();
  const pending = useIsPending(signalId, "signalId");
  return (
    <Form method="post" className="mt-1 flex flex-wrap items-end gap-2">
      <input type="hidden" name="intent" value="acknowledge" />
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="signalId" value={signalId} />
      <NoteField id={`note-${signalId}`} label={t("risks.note")} help={t("risks.noteHelp")} refused={refused} />
      <button type="submit" disabled={pending} className={button}>
        {pending ? t("risks.acknowledging") : t("risks.acknowledge")}
      </button>
    </Form>
  );
}
