import type { LoaderFunctionArgs } from "@remix-run/node";
import { listTimeline } from "#app/models/timeline.server.ts";
import { parseTimelineFilters } from "#app/schemas/timeline.ts";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { csvResponse, type CsvCell } from "#app/web/csv.server.ts";
import { db } from "#app/utils/db.server.ts";

const HEADER = [
  "occurred_at", "kind", "title", "summary", "shared_with_customer", "sentiment", "treatment", "resolved", "emotion_tags",
  "moment_of_truth", "positive_surprise", "source", "author", "stakeholders", "internal_participants", "invoice_number",
  "invoice_amount", "invoice_currency", "invoice_due_date", "invoice_paid_on", "invoice_disputed", "case_severity",
  "case_status", "case_sla_due_at", "case_resolved_at", "id",
];

/** An account's timeline with the filters of the page's URL (kind, person, sentiment, shared, moment, treatment × resolution, dates), newest first. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { accountId, account } = await requireAccountPage(request, params);
  const filters = parseTimelineFilters(new URL(request.url).searchParams);
  async function* batches(): AsyncGenerator<CsvCell[][]> {
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listTimeline>> = await listTimeline(db(), accountId, { filters, cursor, limit: 500 });
      yield page.touchpoints.map((tp) => [
        new Date(tp.occurred_at).toISOString(),
        tp.kind,
        tp.title,
        tp.summary,
        tp.shared_with_customer,
        tp.sentiment,
        tp.treatment,
        tp.resolved,
        tp.emotion_tags.join(", "),
        tp.moment_of_truth,
        tp.positive_surprise,
        tp.source,
        tp.author_name,
        tp.stakeholders.map((s) => s.name).join(", "),
        tp.internal_participants.map((u) => u.name).join(", "),
        tp.invoice_number,
        tp.invoice_amount,
        tp.invoice_currency,
        tp.invoice_due_date,
        tp.invoice_paid_on,
        tp.invoice_disputed,
        tp.case_severity,
        tp.case_status,
        tp.case_sla_due_at ? new Date(tp.case_sla_due_at).toISOString() : null,
        tp.case_resolved_at ? new Date(tp.case_resolved_at).toISOString() : null,
        tp.id,
      ]);
      cursor = page.nextCursor;
    } while (cursor);
  }
  return csvResponse(`kohtaamo-timeline-${account.external_id ?? account.id}.csv`, HEADER, batches());
}
