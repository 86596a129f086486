import { z } from "zod";
import { isDateInRange } from "#app/domain/dates.ts";
import { isWallTime, TIME_ZONE, wallTimeToInstant } from "#app/domain/time.ts";

// The forms' one reading of a time a person typed: the log form's time of a
// touchpoint and the plan form's planned time. A module of its own, so the
// pages of forms without a time are not sent its messages.

/** A datetime-local value, read as Helsinki wall time and returned as the instant it names. */
export const wallTime = z
  .string()
  .trim()
  .refine(isWallTime, { params: { i18n: "validation.dateTime" }, abort: true })
  .refine((value) => isDateInRange(value.slice(0, 10)), { params: { i18n: "validation.dateRange" }, abort: true })
  .transform((value) => wallTimeToInstant(value, TIME_ZONE));
