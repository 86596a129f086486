// Pieces of the touchpoint page: its heading, and deleting it (the offer, then
// the confirmation step the action answers the first click with).
import { Form } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import type { TouchpointKind } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

/** Back to the account, then what it is, when it happened and who recorded it when. */
export function TouchpointHeading({
  account,
  touchpoint,
}: {
  account: { id: string; name: string };
  touchpoint: { kind: string; occurred_at: string | Date; recorded_at: string | Date; author_name: string | null };
}) {
  const { t, dateTime } = useI18n();
  return (
    <>
      <Link to={`/accounts/${account.id}`} className="text-sm text-brand-700 underline">
        ← {t("touchpointEdit.backTo", { name: account.name })}
      </Link>
      <h1 className="mt-2 text-2xl font-bold">{t("touchpointForm.editTitle")}</h1>
      <p className="mt-1 text-sm text-slate-600">
        {t(`kind.${touchpoint.kind as TouchpointKind}`)} · {dateTime(touchpoint.occurred_at)} ·{" "}
        {touchpoint.author_name
          ? t("touchpointEdit.recorded", { date: dateTime(touchpoint.recorded_at), name: touchpoint.author_name })
          : t("touchpointEdit.recordedNoAuthor", { date: dateTime(touchpoint.recorded_at) })}
      </p>
    </>
  );
}

/** "Delete this touchpoint?": the confirming button (against the version seen), or keep it. */
export function ConfirmDelete({ title, version, conflict }: { title: string; version: number; conflict?: string | undefined }) {
  const { t } = useI18n();
  return (
    <section
      aria-labelledby="confirm-heading"
      className="rounded-lg border border-red-300 bg-red-50 p-4"
      data-testid="confirm-delete"
    >
      <h2 id="confirm-heading" className="font-semibold text-red-900">
        {t("touchpointEdit.confirmDelete", { title })}
      </h2>
      {conflict ? (
        <p role="alert" className="mt-2 text-sm text-red-900">
          {conflict}
        </p>
      ) : null}
      <p className="mt-1 text-sm text-slate-800">{t("touchpointEdit.deleteHelp")}</p>
      <Form method="post" className="mt-4 flex items-center gap-4">
        <input type="hidden" name="intent" value="delete" />
        <input type="hidden" name="confirm" value="yes" />
        <input type="hidden" name="version" value={version} />
        <button type="submit" className="rounded-md bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800">
          {t("form.confirmDelete")}
        </button>
        <Link to="." className="text-brand-700 underline">
          {t("touchpointEdit.keep")}
        </Link>
      </Form>
    </section>
  );
}

/** Why a touchpoint cannot be deleted (the loader's notDeletable). */
type NotDeletable = "error.systemTouchpointDelete" | "error.caseKeptForFigures" | "error.invoiceKeptForFigures";

/** The offer to delete (its first click asks to confirm), or why this one cannot be. */
export function DeletePanel({
  deletable,
  notDeletable,
  version,
}: {
  deletable: boolean;
  notDeletable: NotDeletable | null;
  version: number;
}) {
  const { t } = useI18n();
  if (!deletable) {
    return (
      <p className="max-w-3xl rounded-md bg-slate-100 p-3 text-sm" data-testid="not-deletable">
        {t(notDeletable ?? "error.systemTouchpointDelete")}
      </p>
    );
  }
  return (
    <section aria-labelledby="delete-heading" className="max-w-3xl rounded-lg border border-slate-300 bg-white p-4">
      <h2 id="delete-heading" className="font-semibold">
        {t("touchpointEdit.delete")}
      </h2>
      <p className="mt-1 text-sm text-slate-700">{t("touchpointEdit.deleteHelp")}</p>
      <Form method="post" className="mt-3">
        <input type="hidden" name="version" value={version} />
        <button
          type="submit"
          name="intent"
          value="delete"
          className="rounded-md border border-red-700 px-3 py-1.5 font-medium text-red-800"
        >
          {t("touchpointEdit.delete")}
        </button>
      </Form>
    </section>
  );
}
