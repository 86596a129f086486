import { RECORD_PARTS, SURPRISE_REASONS, type HolderCounts, type RecordPart } from "#app/domain/holder-record.ts";
import type { SurpriseReason } from "#app/domain/predictability.ts";
import type { Translate } from "#app/i18n/index.ts";

// A person's record in words (app/domain/holder-record.ts), apart from the
// committee's panels: the account page's brief needs only these sentences, and
// a page loads every module it imports whole.

function partCount(counts: HolderCounts, part: RecordPart): number {
  switch (part) {
    case "kept":
      return counts.kept;
    case "lateWithNotice":
      return counts.lateWithNotice;
    case "open":
      return counts.open;
    case "withdrawn":
      return counts.withdrawn;
    case "unconfirmed":
      return counts.unconfirmed;
    default:
      return (SURPRISE_REASONS as readonly string[]).includes(part)
        ? counts.bySurpriseReason[part as SurpriseReason]
        : 0;
  }
}

/** The parts of a record that are not zero, as words: "3 kept", "1 late without notice". */
export function recordParts(t: Translate, counts: HolderCounts): string[] {
  return RECORD_PARTS.map((part) => ({ part, count: partCount(counts, part) }))
    .filter((p) => p.count > 0)
    .map((p) => t(`holderRecord.part.${p.part}`, { count: p.count }));
}

/** "Promised Anna Virtanen 4 things in the last 12 months: 3 kept, 1 late without notice." */
export function recordSentence(t: Translate, name: string, counts: HolderCounts, months: number): string {
  if (counts.promised === 0) return t("holderRecord.sentenceNone", { name, months });
  return t("holderRecord.sentence", { name, count: counts.promised, months, parts: recordParts(t, counts).join(", ") });
}
