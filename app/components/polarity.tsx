import { ThumbsDown, ThumbsUp } from "lucide-react";
import { Badge } from "#app/components/ui/badge.tsx";
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
    <span data-polarity={polarity}>
      <Badge tone={positive ? "good" : "bad"}>
        <Icon aria-hidden="true" focusable="false" size={12} strokeWidth={2.25} className="mr-1" />
        {t(positive ? "polarity.positive" : "polarity.negative")}
      </Badge>
    </span>
  );
}
