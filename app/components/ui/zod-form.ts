import { useForm, type DefaultValue, type SubmissionResult } from "@conform-to/react";
import type { z } from "zod";

/**
 * A form for a Zod schema that is checked on the server only: the action parses
 * the submission with the schema (parseWithZod, messages in the reader's
 * language) and replies with `lastResult`, whose errors Conform shows next to
 * each field with the typed values kept, with or without JavaScript.
 *
 * The schema is a type argument only (`useZodForm<typeof SomeForm>(id, …)`,
 * imported with `import type`): Zod never reaches the browser, whose bundle
 * scripts/check-bundle.mjs checks. With no client-side validator Conform lets
 * the submission through and only reports the server's reply, so nothing is
 * sent on blur.
 */
export function useZodForm<Schema extends z.ZodType<unknown, Record<string, unknown>>>(
  id: string,
  options: {
    lastResult?: SubmissionResult<string[]> | null | undefined;
    defaultValue?: DefaultValue<z.input<Schema>>;
  } = {},
) {
  return useForm<z.input<Schema>, z.output<Schema>>({
    id,
    lastResult: options.lastResult,
    defaultValue: options.defaultValue,
    shouldValidate: "onSubmit",
  });
}
