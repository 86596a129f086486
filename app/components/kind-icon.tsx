import {
  CalendarDays,
  ChartColumn,
  Circle,
  GraduationCap,
  LifeBuoy,
  Mail,
  Megaphone,
  MessageCircle,
  Package,
  Phone,
  Receipt,
  Shuffle,
  Star,
  ThumbsUp,
  UserPlus,
  Users,
  type LucideIcon,
} from "lucide-react";
import type { TouchpointKind } from "#app/domain/vocabulary.ts";

// One icon (inline SVG from Lucide, imported one by one so the bundle holds only
// these) and colour per touchpoint kind. The kind's name is always shown beside
// it, so the icon is decoration for assistive technology and the colour is
// never the only cue.
const ICONS: Record<TouchpointKind, { Icon: LucideIcon; className: string }> = {
  meeting: { Icon: Users, className: "bg-indigo-100 text-indigo-900" },
  call: { Icon: Phone, className: "bg-sky-100 text-sky-900" },
  email: { Icon: Mail, className: "bg-slate-100 text-slate-800" },
  chat: { Icon: MessageCircle, className: "bg-cyan-100 text-cyan-900" },
  business_review: { Icon: ChartColumn, className: "bg-violet-100 text-violet-900" },
  delivery: { Icon: Package, className: "bg-emerald-100 text-emerald-900" },
  invoice: { Icon: Receipt, className: "bg-amber-100 text-amber-900" },
  support_case: { Icon: LifeBuoy, className: "bg-rose-100 text-rose-900" },
  training: { Icon: GraduationCap, className: "bg-lime-100 text-lime-900" },
  event: { Icon: CalendarDays, className: "bg-fuchsia-100 text-fuchsia-900" },
  reference_given: { Icon: ThumbsUp, className: "bg-teal-100 text-teal-900" },
  referral_given: { Icon: UserPlus, className: "bg-green-100 text-green-900" },
  word_of_mouth: { Icon: Megaphone, className: "bg-orange-100 text-orange-900" },
  survey: { Icon: Star, className: "bg-yellow-100 text-yellow-900" },
  committee_change: { Icon: Shuffle, className: "bg-stone-200 text-stone-900" },
  other: { Icon: Circle, className: "bg-slate-100 text-slate-800" },
};

/**
 * A touchpoint kind's icon. Without `label` it is hidden from assistive
 * technology (the kind is named beside it); with one, the label is read instead.
 */
export function KindIcon({ kind, label }: { kind: string; label?: string }) {
  const { Icon, className } = ICONS[kind as TouchpointKind] ?? ICONS.other;
  return (
    <span className={`inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-full ${className}`}>
      <Icon aria-hidden="true" focusable="false" size={18} strokeWidth={2} />
      {label ? <span className="sr-only">{label}</span> : null}
    </span>
  );
}
