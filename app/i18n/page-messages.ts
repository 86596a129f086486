import { createFormatters, isLocale, type Formatters, type Locale, type MessageKey } from "./format.ts";
import * as shell from "./messages/shell.ts";

// Messages per page. The browser never loads the catalogues (app/i18n/en.ts and
// fi.ts hold every message of the app in both languages): a scan of the source
// lists the keys each route's file and what it imports can show
// (scripts/route-messages.ts writes app/web/route-messages.json), the root
// loader sends the visitor's language of those of the matched routes (root,
// layouts, page; app/web/page-messages.server.ts), and `useI18n()` translates
// from them. tests/unit/page-messages.test.ts fails when the list is behind the
// source, and every unit and integration test fails on a key a page lacked (tests/setup/setup-test-env.ts).

/** The messages of a page as sent in the root loader's data: key → template of the visitor's language. */
export type PageMessages = Readonly<Record<string, string>>;

/**
 * A message key, or a prefix ending in "." that stands for every key starting
 * with it. A page is sent the messages its routes can show, as the source scan
 * finds them (app/web/route-messages.json, scripts/route-messages.ts).
 */
export type MessageSelector = MessageKey | `${string}.`;

/** The server's sets, by the JSON string and the `#id` it sends of each: kept for good (the sets are as few as the routes). */
const known = new Map<string, PageMessages>();
/** The browser's: each string parsed once, the last few kept. */
const parsed = new Map<string, PageMessages>();

/**
 * A document does not carry its messages in the root loader's data: the
 * hydration payload would escape the JSON string twice more (turbo-stream, then
 * the inline script), tripling its bytes and costing the server its time on
 * every page. The root loader sends `#` and the set's id instead, and the
 * document carries the messages once, as a JSON data block of this id that the
 * browser reads before it renders. A data request (a navigation) still carries
 * them as one JSON string.
 */
export const MESSAGES_BLOCK_ID = "kohtaamo-messages";

/** Whether the root loader's `messages` names the document's data block (`#id`) rather than carrying the JSON. */
export function isMessagesRef(sent: string): boolean {
  return sent.startsWith("#");
}

/** The data blocks' texts by the id the root loader sends: registered by the server, read from the document by the browser. */
const blocks = new Map<string, string>();

/**
 * A page's messages as the root loader sends them (app/web/page-messages.server.ts):
 * one JSON string to a data request, and to a document the `#id` of its data
 * block (the set's content hash), which carries the JSON once.
 */
export interface SentMessages {
  messages: PageMessages;
  json: string;
  ref: string;
}

/** The server's: each set it sends, so its render finds the object by the string or the id and never parses. */
export function registerSentMessages(sent: SentMessages, blockText: string): void {
  known.set(sent.json, sent.messages);
  known.set(sent.ref, sent.messages);
  blocks.set(sent.ref, blockText);
}

/** The text of the data block `ref` names: the server's as registered, the browser's as its document carries it. */
export function messagesBlockText(ref: string): string | undefined {
  let text = blocks.get(ref);
  if (text === undefined && typeof document !== "undefined") {
    const block = document.getElementById(MESSAGES_BLOCK_ID);
    if (block?.dataset.ref === ref) blocks.set(ref, (text = block.textContent ?? ""));
  }
  return text;
}

/**
 * The messages of the root loader's data: one JSON string, or the `#id` of the
 * document's data block. Single fetch encodes loader data with turbo-stream on
 * every request, value by value, and one string costs it one value where the
 * object cost two per message. The browser parses each string once (the last
 * few kept); the server's render finds the object each string was made from
 * (registerSentMessages). Undefined for a data block the document does not carry.
 */
export function messagesOf(sent: string): PageMessages | undefined {
  let messages = known.get(sent) ?? parsed.get(sent);
  if (!messages) {
    const text = isMessagesRef(sent) ? messagesBlockText(sent) : sent;
    if (text === undefined) return undefined;
    if (parsed.size > 8) parsed.clear();
    parsed.set(sent, (messages = JSON.parse(text) as PageMessages));
  }
  return messages;
}

const byMessages = new WeakMap<object, Formatters>();
const SHELL: Record<Locale, PageMessages> = { en: shell.en, fi: shell.fi };

/** The formatting layer of a page, from the root loader's data (`locale`, and `messages`: a JSON string or the `#id` of the document's data block). */
export function pageFormatters(rootData: unknown): Formatters {
  const data = rootData as { locale?: unknown; messages?: string } | undefined;
  const locale: Locale = isLocale(data?.locale) ? data.locale : "en";
  // Without the root loader's data (an error page thrown before or instead of it),
  // the frame and the error page still speak: the shell's own messages.
  const messages = (data?.messages ? messagesOf(data.messages) : undefined) ?? SHELL[locale];
  let f = byMessages.get(messages);
  if (!f || f.locale !== locale) {
    f = createFormatters(locale, messages);
    byMessages.set(messages, f);
  }
  return f;
}
