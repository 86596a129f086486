import type { TouchpointKind } from "#app/domain/vocabulary.ts";

// One glyph and colour per touchpoint kind; the kind's name is always shown beside it,
// so the colour is never the only cue.
const ICONS: Record<TouchpointKind, { glyph: string; className: string }> = {
  meeting: { glyph: "👥", className: "bg-indigo-100" },
  call: { glyph: "📞", className: "bg-sky-100" },
  email: { glyph: "✉️", className: "bg-slate-100" },
  chat: { glyph: "💬", className: "bg-cyan-100" },
  business_review: { glyph: "📊", className: "bg-violet-100" },
  delivery: { glyph: "📦", className: "bg-emerald-100" },
  invoice: { glyph: "🧾", className: "bg-amber-100" },
  support_case: { glyph: "🛟", className: "bg-rose-100" },
  training: { glyph: "🎓", className: "bg-lime-100" },
  event: { glyph: "🎪", className: "bg-fuchsia-100" },
  word_of_mouth: { glyph: "🗣️", className: "bg-orange-100" },
  survey: { glyph: "⭐", className: "bg-yellow-100" },
  committee_change: { glyph: "🔀", className: "bg-stone-200" },
  other: { glyph: "•", className: "bg-slate-100" },
};

export function KindIcon({ kind }: { kind: string }) {
  const icon = ICONS[kind as TouchpointKind] ?? ICONS.other;
  return (
    <span
      aria-hidden="true"
      className={`inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-full text-lg ${icon.className}`}
    >
      {icon.glyph}
    </span>
  );
}
