import { createFormatters, isLocale, type Formatters, type Locale, type MessageKey } from "./format.ts";
import * as shell from "./messages/shell.ts";

// Messages per page. The browser never loads the catalogues (app/i18n/en.ts and
// fi.ts hold every message of the app in both languages): each route declares
// in `handle.messages` the messages it shows, the root loader sends the
// visitor's language of those declared by the matched routes (root, layouts,
// page; app/web/page-messages.server.ts), and `useI18n()` translates from them.
// tests/unit/page-messages.test.ts reads each route's source and fails when a
// route can show a key it does not declare, so no page shows a bare key.

/** The messages of a page as sent in the root loader's data: key → template of the visitor's language. */
export type PageMessages = Readonly<Record<string, string>>;

/** A message key, or a prefix ending in "." that stands for every key starting with it. */
export type MessageSelector = MessageKey | `${string}.`;

/** A route's `handle.messages`: the messages it (and what it renders) shows. */
export function pageMessages(...selectors: MessageSelector[]): readonly MessageSelector[] {
  return selectors;
}

/** Whether `key` is among `selectors`. */
export function selects(selectors: readonly string[], key: string): boolean {
  return selectors.some((s) => (s.endsWith(".") ? key.startsWith(s) : key === s));
}

const parsed = new Map<string, PageMessages>();

/**
 * The messages of the root loader's data, which carries them as one JSON string:
 * single fetch encodes loader data with turbo-stream on every request, value by
 * value, and one string costs it one value where the object cost two per message.
 * The browser parses each string once (the last few kept). The server's root
 * loader hands each string it sends here with the object it was made from
 * (`known`, app/web/page-messages.server.ts), kept for good (the sets are as
 * few as the routes), so the server's render finds that object and never parses.
 */
export function messagesOf(json: string, known?: PageMessages): PageMessages {
  let messages = parsed.get(json);
  if (!messages) {
    if (!known && parsed.size > 8) parsed.clear();
    parsed.set(json, (messages = known ?? (JSON.parse(json) as PageMessages)));
  }
  return messages;
}

const byMessages = new WeakMap<object, Formatters>();
const SHELL: Record<Locale, PageMessages> = { en: shell.en, fi: shell.fi };

/** The formatting layer of a page, from the root loader's data (`locale` and `messages`, a JSON string). */
export function pageFormatters(rootData: unknown): Formatters {
  const data = rootData as { locale?: unknown; messages?: string } | undefined;
  const locale: Locale = isLocale(data?.locale) ? data.locale : "en";
  // Without the root loader's data (an error page thrown before or instead of it),
  // the frame and the error page still speak: the shell's own messages.
  const messages = data?.messages ? messagesOf(data.messages) : SHELL[locale];
  let f = byMessages.get(messages);
  if (!f || f.locale !== locale) {
    f = createFormatters(locale, messages);
    byMessages.set(messages, f);
  }
  return f;
}
