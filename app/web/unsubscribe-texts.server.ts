import type { OptionalMailKind } from "#app/domain/outbox.ts";
import { formatters, type Locale } from "#app/i18n/index.ts";

/** The unsubscribe page's words in the recipient's language (written on the server: the browser holds only the visitor's language). */
export function unsubscribeTexts(locale: Locale, kindKey: OptionalMailKind, email: string) {
  const { t } = formatters(locale);
  const kind = t(`outbox.kind.${kindKey}`);
  return {
    title: t("unsubscribe.title"),
    invalid: t("unsubscribe.invalid"),
    confirm: t("unsubscribe.confirm", { kind, email }),
    button: t("unsubscribe.button"),
    done: t("unsubscribe.done", { kind, email }),
    already: t("unsubscribe.already", { kind, email }),
    settings: t("unsubscribe.settings"),
  };
}
