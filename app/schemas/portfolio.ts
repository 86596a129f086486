import { z } from "zod";
import { RISK_RULES } from "#app/domain/risk-rules.ts";
import { LIFECYCLE_STAGES, TIERS } from "#app/domain/vocabulary.ts";
import { optional, plainText } from "./fields.ts";
import { DEFAULT_DIRECTION, HEALTH_BANDS, PORTFOLIO_PAGE_SIZES, PORTFOLIO_SORTS, RENEWAL_WINDOWS, SIGNAL_SEVERITIES, type PortfolioSort, type SortDirection } from "./portfolio.values.ts";
export {
  DEFAULT_DIRECTION,
  HEALTH_BANDS,
  hasPortfolioFilters,
  PORTFOLIO_PAGE_SIZE,
  PORTFOLIO_PAGE_SIZES,
  PORTFOLIO_SORTS,
  RENEWAL_WINDOWS,
  SIGNAL_SEVERITIES,
  type PortfolioSort,
  type SortDirection,
} from "./portfolio.values.ts";

// The portfolio's and the risk inbox's views as they travel in the URL. A bad
// value (a hand-edited URL) is dropped and the rest of the view kept, never an
// error page.

export const PortfolioFilterSchema = z.object({
  band: optional(z.enum(HEALTH_BANDS)),
  kam: optional(z.uuid()),
  tier: optional(z.enum(TIERS)),
  stage: optional(z.enum(LIFECYCLE_STAGES)),
  renewal: optional(
    z.coerce
      .number()
      .int()
      .pipe(z.union(RENEWAL_WINDOWS.map((d) => z.literal(d)) as [z.ZodLiteral<30>, z.ZodLiteral<90>, z.ZodLiteral<180>, z.ZodLiteral<365>])),
  ),
  q: optional(plainText(100)),
  size: optional(
    z.coerce
      .number()
      .int()
      .pipe(z.union(PORTFOLIO_PAGE_SIZES.map((n) => z.literal(n)) as [z.ZodLiteral<10>, z.ZodLiteral<25>, z.ZodLiteral<50>, z.ZodLiteral<100>])),
  ),
  sort: optional(z.enum(PORTFOLIO_SORTS)),
  dir: optional(z.enum(["asc", "desc"])),
  cursor: optional(z.string().max(500)),
});

export type PortfolioFilters = z.output<typeof PortfolioFilterSchema>;
export interface PortfolioView extends PortfolioFilters {
  sort: PortfolioSort;
  dir: SortDirection;
}

export function parsePortfolioView(searchParams: URLSearchParams): PortfolioView {
  const f = parseEach(PortfolioFilterSchema, searchParams);
  const sort = f.sort ?? "health";
  return { ...f, sort, dir: f.dir ?? DEFAULT_DIRECTION[sort] };
}

export const RiskInboxFilterSchema = z.object({
  ack: optional(z.enum(["no", "yes"])),
  rule: optional(z.enum(RISK_RULES)),
  severity: optional(z.enum(SIGNAL_SEVERITIES)),
  kam: optional(z.uuid()),
  cursor: optional(z.string().max(500)),
});
export type RiskInboxFilters = z.output<typeof RiskInboxFilterSchema>;

export function parseRiskInboxFilters(searchParams: URLSearchParams): RiskInboxFilters {
  return parseEach(RiskInboxFilterSchema, searchParams);
}

/** The portfolio trends page: whose trends (?kam=), and which page of the KAMs compared side by side. */
export const TrendsViewSchema = z.object({
  kam: optional(z.uuid()),
  kamPage: optional(z.coerce.number().int().min(1).max(10_000)),
});
export type TrendsView = z.output<typeof TrendsViewSchema>;

export function parseTrendsView(searchParams: URLSearchParams): TrendsView {
  return parseEach(TrendsViewSchema, searchParams);
}

export const AcknowledgeSchema = z.object({
  intent: z.literal("acknowledge"),
  accountId: z.uuid(),
  signalId: z.uuid(),
  note: plainText(1000).optional().default(""),
});

/** A signal named by a checkbox of the risk inbox: "accountId:signalId". */
const SignalRef = z
  .string()
  .regex(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/i)
  .transform((v) => {
    const [accountId, signalId] = v.split(":") as [string, string];
    return { accountId, signalId };
  })
  .pipe(z.object({ accountId: z.uuid(), signalId: z.uuid() }));

/** Several signals acknowledged at once, with one note (the risk inbox's checkboxes and one form). */
export const AcknowledgeManySchema = z.object({
  intent: z.literal("acknowledge_many"),
  signals: z.array(SignalRef).min(1).max(100),
  note: plainText(1000).optional().default(""),
});

/** Parses each field on its own, so one broken value does not throw the others away. */
function parseEach<S extends z.ZodObject<z.ZodRawShape>>(schema: S, searchParams: URLSearchParams): z.output<S> {
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const one = (field as z.ZodTypeAny).safeParse(searchParams.get(key));
    if (one.success && one.data !== undefined) kept[key] = one.data;
  }
  return kept as z.output<S>;
}
