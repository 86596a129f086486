import { z } from "zod";
import { AUDIT_KINDS } from "#app/domain/audit.ts";
import { isoDate } from "./fields.ts";

// The audit log's filters, as they travel in the URL. An empty field means
// "any"; every other value must be well-formed or the page says which is not.

const blank = (v: unknown) => (v === "" ? undefined : v);

export const AuditFilters = z
  .object({
    account: z.preprocess(blank, z.uuid().optional()),
    user: z.preprocess(blank, z.union([z.uuid(), z.literal("system")]).optional()),
    from: z.preprocess(blank, isoDate.optional()),
    to: z.preprocess(blank, isoDate.optional()),
    kind: z.preprocess(blank, z.enum(AUDIT_KINDS).optional()),
    /** The id of the last event on the previous page (newest first). */
    cursor: z.preprocess(blank, z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional()),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], params: { i18n: "audit.toBeforeFrom" } });

export type AuditFilterValues = z.output<typeof AuditFilters>;
