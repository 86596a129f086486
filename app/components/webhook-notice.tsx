import { Form } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { TriangleAlert } from "lucide-react";
import { useI18n } from "#app/i18n/use-i18n.ts";

/** Administrators' notice that webhook endpoints were turned off for failing (until one of them marks it seen). */
export function WebhookNotice({ count }: { count: number }) {
  const { t } = useI18n();
  if (!count) return null;
  return (
    <div
      role="status"
      className="mb-4 flex flex-wrap items-center gap-3 rounded-md bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-300"
      data-testid="webhook-notice"
    >
      <TriangleAlert aria-hidden="true" className="h-4 w-4 shrink-0" />
      <span>{t("webhooks.notice", { count })}</span>
      <Link to="/admin/webhooks" className="font-semibold underline">
        {t("webhooks.notice.link")}
      </Link>
      <Form method="post" action="/admin/webhooks?index" className="ml-auto">
        <input type="hidden" name="intent" value="dismiss" />
        <button type="submit" className="rounded-md px-2 py-1 text-xs font-semibold ring-1 ring-red-700">
          {t("webhooks.notice.dismiss")}
        </button>
      </Form>
    </div>
  );
}
