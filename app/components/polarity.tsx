import { ThumbsDown, ThumbsUp } from "lucide-react";
import { useI18n } from "#app/i18n/use-i18n.ts";

/**
 * A reference's, referral's or word of mouth's polarity: an icon and the word,
 * so it reads without colour (and to a screen reader, which skips the icon).
 */
export function PolarityBadge({ polarity }: { polarity: string }) {
  const { t } = useI18n();
  const positive = polarity === "positive";
  const Icon = positive ? ThumbsUp : ThumbsDown;
  return (
    <span
      data-polarity={polarity}
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${
        positive ? "bg-emerald-50 text-emerald-900 ring-emerald-300" : "bg-red-50 text-red-900 ring-red-300"
      }`}
    >
      <Icon aria-hidden="true" focusable="false" size={12} strokeWidth={2.25} />
      {t(positive ? "polarity.positive" : "polarity.negative")}
    </span>
  );
}
