import { z } from "zod";
import { QUADRANTS } from "#app/domain/experience.ts";
import { TOUCHPOINT_KINDS } from "#app/domain/vocabulary.ts";
import { isoDate, optional } from "./fields.ts";

/** Timeline filters as they travel in the URL. A bad value is dropped, never an error page. */
export const TimelineFilterSchema = z.object({
  kind: z.preprocess(
    (v) => (Array.isArray(v) ? v : v == null || v === "" ? [] : [v]),
    z.array(z.enum(TOUCHPOINT_KINDS)).max(TOUCHPOINT_KINDS.length),
  ),
  person: optional(z.uuid()),
  sentiment: optional(z.enum(["negative", "neutral", "positive", "recorded"])),
  shared: optional(z.enum(["yes", "no"])),
  /** Moments of truth, positive surprises, or either. */
  moment: optional(z.enum(["truth", "surprise", "either"])),
  /** A cell of treated well/badly × resolved/not (the Experience section links here). */
  quadrant: optional(z.enum(QUADRANTS)),
  from: optional(isoDate),
  to: optional(isoDate),
  cursor: optional(z.string().max(300)),
});

export type TimelineFilters = z.output<typeof TimelineFilterSchema>;

export function parseTimelineFilters(searchParams: URLSearchParams): TimelineFilters {
  const raw: Record<string, unknown> = {};
  for (const key of ["person", "sentiment", "shared", "moment", "quadrant", "from", "to", "cursor"]) raw[key] = searchParams.get(key);
  raw.kind = searchParams.getAll("kind");
  const parsed = TimelineFilterSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  // Keep the valid filters and drop the broken ones.
  const kept: Record<string, unknown> = { kind: [] };
  for (const [key, value] of Object.entries(raw)) {
    const one = TimelineFilterSchema.shape[key as keyof typeof TimelineFilterSchema.shape].safeParse(value);
    if (one.success) kept[key] = one.data;
  }
  return TimelineFilterSchema.parse(kept);
}

export function hasTimelineFilters(f: TimelineFilters): boolean {
  return Boolean(f.kind.length || f.person || f.sentiment || f.shared || f.moment || f.quadrant || f.from || f.to);
}
