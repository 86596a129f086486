import type { $ZodErrorMap } from "zod/v4/core";
import type { MessageKey, Translate } from "./index.ts";

/**
 * Zod's messages in the user's language. Schemas stay free of wording: a custom
 * rule names its message with `params: { i18n: "validation.someKey" }`.
 */
export function zodErrorMap(t: Translate): $ZodErrorMap {
  return (issue) => {
    switch (issue.code) {
      case "invalid_type":
        if (issue.input === undefined || issue.input === null || issue.input === "") return t("validation.required");
        return issue.expected === "number" || issue.expected === "int"
          ? t("validation.number")
          : t("validation.invalid");
      case "too_small":
        if (issue.origin === "string")
          return Number(issue.minimum) <= 1
            ? t("validation.required")
            : t("validation.tooShort", { min: Number(issue.minimum) });
        if (issue.origin === "array" || issue.origin === "set") return t("validation.required");
        return t("validation.tooSmall", { min: Number(issue.minimum) });
      case "too_big":
        if (issue.origin === "string") return t("validation.tooLong", { max: Number(issue.maximum) });
        return t("validation.tooBig", { max: Number(issue.maximum) });
      case "invalid_format":
        if (issue.format === "email") return t("validation.email");
        if (issue.format === "date") return t("validation.date");
        if (issue.format === "datetime") return t("validation.dateTime");
        return t("validation.invalid");
      case "invalid_value":
        return t("validation.choice");
      case "custom": {
        const key = (issue.params as { i18n?: MessageKey } | undefined)?.i18n;
        return key ? t(key) : t("validation.invalid");
      }
      default:
        return t("validation.invalid");
    }
  };
}
