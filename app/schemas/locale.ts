import { z } from "zod";
import { LOCALES } from "#app/i18n/format.ts";

/** The language switch in the header. */
export const LocaleForm = z.object({ locale: z.enum(LOCALES), redirectTo: z.string().optional() });
