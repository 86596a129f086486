import { z } from "zod";
import { IMPORT_KINDS } from "#app/domain/import/fields.ts";
import { plainText } from "./fields.ts";

// The import page's upload form.

/** The upload form's fields besides the file. */
export const UploadFields = z.object({
  kind: z.enum(IMPORT_KINDS),
  source: plainText(100).default(""),
});
