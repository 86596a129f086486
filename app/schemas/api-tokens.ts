import { z } from "zod";
import { plainText } from "./fields.ts";

// The API token pages' forms.

/** An administrator creates a token, for themselves or another user. */
export const ApiTokenCreateForm = z.object({
  name: plainText(100).min(1),
  scope: z.enum(["read", "read_write"]),
  // "" for a service token, else the member of staff the personal token belongs to.
  owner: z.union([z.literal(""), z.uuid()]),
});

/** A user creates a token of their own. */
export const OwnApiTokenCreateForm = z.object({ name: z.string().trim().min(1).max(100), scope: z.enum(["read", "read_write"]) });

/** The token a revoke button names. */
export const ApiTokenId = z.uuid();
