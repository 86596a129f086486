import { z } from "zod";
import { LIFECYCLE_STAGES, TIERS } from "#app/domain/vocabulary.ts";
import { currencyCode, isoDate, moneyAmount, optional, optionalText, plainText, requiredText, version } from "./fields.ts";

const accountFields = z.object({
  name: requiredText(200),
  industry: optionalText(100),
  tier: z.enum(TIERS),
  lifecycle_stage: z.enum(LIFECYCLE_STAGES),
  relationship_start: isoDate.optional(),
  contract_value: moneyAmount.optional(),
  currency: currencyCode.default("EUR"),
  renewal_date: isoDate.optional(),
  owner_id: z.uuid().optional(),
});

const renewalAfterStart = (a: { relationship_start?: string | undefined; renewal_date?: string | undefined }) =>
  !a.relationship_start || !a.renewal_date || a.renewal_date > a.relationship_start;
const renewalIssue = {
  path: ["renewal_date"],
  params: { i18n: "validation.renewalAfterStart" },
  // Check the dates even when other fields have errors, so every message shows at once.
  when: ({ value }: { value: unknown }) => {
    const v = value as { relationship_start?: unknown; renewal_date?: unknown } | undefined;
    return typeof v?.relationship_start === "string" && typeof v?.renewal_date === "string";
  },
};

export const AccountCreateForm = accountFields.refine(renewalAfterStart, renewalIssue);
export const AccountEditForm = accountFields.extend({ version }).refine(renewalAfterStart, renewalIssue);

export type AccountInput = z.output<typeof AccountCreateForm>;

/** Archiving or restoring an account. */
export const ArchiveForm = z.object({ intent: z.enum(["archive", "restore"]), version: z.coerce.number().int().min(1).max(2_147_483_647) });

/** The accounts list's filters as they travel in the URL. */
export const AccountListQuery = z.object({
  // NUL and other control characters cannot be searched for (PostgreSQL text cannot hold NUL).
  q: optional(plainText(100)),
  scope: optional(z.enum(["mine", "all"])),
  stage: optional(z.enum(LIFECYCLE_STAGES)),
  tier: optional(z.enum(TIERS)),
  owner: optional(z.uuid()),
  renewal: optional(z.coerce.number().int().pipe(z.union([z.literal(30), z.literal(90), z.literal(180), z.literal(365)]))),
  archived: optional(z.literal("1")),
  cursor: optional(z.string().max(500)),
});
