// The expectation page's field names and how a stored value reads (for the
// conflict reply, the history and a reply whose form has gone).
import type { DeliveryOutcome } from "#app/domain/vocabulary.ts";
import type { Formatters, MessageKey } from "#app/i18n/index.ts";

export const FIELD_LABELS: Record<string, MessageKey> = {
  title: "expectationForm.title",
  description: "expectationForm.description",
  category: "expectationForm.category",
  holder_stakeholder_id: "expectationForm.holder",
  source: "expectationForm.source",
  source_touchpoint_id: "expectationForm.sourceTouchpoint",
  importance: "expectationForm.importance",
  owner_id: "expectationForm.owner",
  due_date: "expectation.due",
  status: "expectation.status",
};

/** A stored value as a person reads it: names for ids, words for codes, dates in their language. */
export function displayValue(f: Formatters, field: string, current: Record<string, unknown>): string {
  const v = current[field];
  const none = "—";
  switch (field) {
    case "holder_stakeholder_id":
      return String(current.holder_name || none);
    case "owner_id":
      return String(current.owner_name || none);
    case "source_touchpoint_id":
      return String(current.source_touchpoint_title || none);
    case "category":
      return f.t(`expCategory.${v as "delivery"}`);
    case "source":
      return f.t(`expSource.${v as "contract"}`);
    case "importance":
      return f.t(`expImportance.${v as 1}`);
    case "due_date":
      return f.date(v as string);
    case "status":
      return v === "resolved" && current.outcome
        ? f.t(`expOutcome.${current.outcome as DeliveryOutcome}`)
        : v === "resolved"
          ? f.t("ledger.group.resolved")
          : f.t(`expStatus.${v as "open"}`);
    default:
      return v == null || v === "" ? none : String(v);
  }
}

/** What was typed into any of the page's forms, by field. */
export const TYPED_LABELS: Record<string, MessageKey> = {
  ...FIELD_LABELS,
  due_date: "replanForm.dueDate",
  reason: "replanForm.reason",
  customer_notified: "replanForm.notified",
  customer_notified_on: "replanForm.notifiedOn",
  outcome: "deliveryForm.outcome",
  delivered_on: "deliveryForm.deliveredOn",
  delivery_note: "deliveryForm.note",
};

/** The expectation page's forms, told apart by their `intent` field. */
export type Intent = "edit" | "replan" | "deliver" | "reopen" | "accept" | "decline";
