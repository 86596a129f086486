import { z } from "zod";
import { isDateInRange, isIsoDate } from "#app/domain/dates.ts";
import { exactAmount } from "#app/domain/money.ts";
import { isPlainText } from "#app/domain/text.ts";
import { normalizeDecimal } from "./fields.values.ts";
export { normalizeDecimal } from "./fields.values.ts";

// Field schemas shared by forms, imports and the API. Messages come from the
// localized error map (app/i18n/validation.ts), never from here.

/** Text a person typed: no control characters but tab and line breaks (see app/domain/text.ts). */
export const plainText = (max: number) =>
  z.string().trim().max(max).refine(isPlainText, { params: { i18n: "validation.plainText" } });
export const optionalText = (max: number) => plainText(max).optional().default("");
export const requiredText = (max: number) => plainText(max).min(1);

/** A calendar date as 'YYYY-MM-DD', within the years dates may fall in (DATE_YEARS). */
export const isoDate = z.iso
  .date()
  // A malformed date has its message already; this one is for real days out of range.
  .refine((v) => !isIsoDate(v) || isDateInRange(v), { params: { i18n: "validation.dateRange" } });

/**
 * A money amount typed the Finnish or the English way ("125 000,50", "125,000.50",
 * "125000.5"), returned as an exact decimal string with two decimals.
 */
export const moneyAmount = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const normalized = normalizeDecimal(value);
    const amount = normalized === null ? null : exactAmount(normalized);
    if (amount === null) {
      ctx.addIssue({ code: "custom", params: { i18n: "validation.number" } });
      return z.NEVER;
    }
    return amount;
  });

export const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine((v) => /^[A-Z]{3}$/.test(v), { params: { i18n: "validation.currency" } });

/** A field left empty ("", or not sent at all) as undefined, so that an optional schema after it takes it as left out. */
export const emptyToUndefined = (v: unknown) => (v === "" || v == null ? undefined : v);
/** `schema`, or nothing when the field is left empty (emptyToUndefined). */
export const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());
/** A form's optional reference to a row (a select or hidden field; empty: none). */
export const optionalUuid = optional(z.uuid());
/** A form's optional calendar date (empty: none). */
export const optionalDate = optional(isoDate);

/** The version an editor loaded, sent back with the save (optimistic concurrency); an integer column. */
export const version = z.number().int().min(1).max(2_147_483_647);
