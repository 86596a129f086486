import { useForm, type DefaultValue, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { zodErrorMap } from "#app/i18n/validation.ts";

/**
 * A form checked in the browser by the same Zod schema the action parses with,
 * in the reader's language: a field is checked when it loses focus, then again
 * on every keystroke until it is right. Without JavaScript the action's reply
 * (`lastResult`) shows the same errors.
 */
export function useZodForm<Input extends Record<string, unknown>, Output>(
  id: string,
  schema: z.ZodType<Output, Input>,
  options: {
    lastResult?: SubmissionResult<string[]> | null | undefined;
    defaultValue?: DefaultValue<Input>;
  } = {},
) {
  const { t } = useI18n();
  return useForm<Input, Output>({
    id,
    lastResult: options.lastResult,
    defaultValue: options.defaultValue,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema, error: zodErrorMap(t) }),
  });
}
