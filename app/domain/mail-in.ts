// Mail in (README "Mail in"): a member of staff BCCs or forwards a mail to their
// personal capture address, capture+<token>@<domain>. These rules decide whose
// address a recipient is, which addresses a mail names (its own headers and the
// headers quoted in a forwarded mail's text), and which account it belongs to.

export const CAPTURE_LOCAL_PREFIX = "capture+";
/** Tokens are lowercase letters and digits: local parts are often lower-cased on the way. */
export const CAPTURE_TOKEN_PATTERN = /^[a-z0-9]{16,40}$/;

/** The capture address of a token. */
export function captureAddress(token: string, domain: string): string {
  return `${CAPTURE_LOCAL_PREFIX}${token}@${domain}`;
}

/** An address as compared: trimmed and lower-cased (local parts are case-insensitive in practice). */
export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}

/**
 * The token of a capture address at `domain`, or null when the address is not
 * one (another domain, another local part, a malformed token).
 */
export function captureTokenOf(address: string, domain: string): string | null {
  const normalized = normalizeAddress(address);
  const at = normalized.lastIndexOf("@");
  if (at < 0) return null;
  const local = normalized.slice(0, at);
  if (normalized.slice(at + 1) !== domain.toLowerCase()) return null;
  if (!local.startsWith(CAPTURE_LOCAL_PREFIX)) return null;
  const token = local.slice(CAPTURE_LOCAL_PREFIX.length);
  return CAPTURE_TOKEN_PATTERN.test(token) ? token : null;
}

const ADDRESS = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+/g;
/** Header lines a mail program quotes when forwarding (English, Finnish, Swedish, German). */
const QUOTED_HEADER = /^[\s>]*\**(from|to|cc|sent by|lähettäjä|vastaanottaja|kopio|från|till|kopia|von|an)\**\s*:\s*(.+)$/i;

/** Every address in a piece of text (a header's value), normalized, in order, once each. */
export function addressesIn(text: string): string[] {
  return [...new Set([...text.matchAll(ADDRESS)].map((m) => normalizeAddress(m[0])))];
}

/**
 * The addresses of the headers a forwarded mail quotes in its text ("From:",
 * "Lähettäjä:", "To:", "Cc:" lines, quoted with ">" or not). Lines that only
 * mention an address in passing are not read.
 */
export function forwardedAddresses(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = QUOTED_HEADER.exec(line);
    if (match) found.push(...addressesIn(match[2]!));
  }
  return [...new Set(found)];
}

/** The addresses that may name a customer: all found, less the capture address and the sender's own. */
export function customerAddresses(found: readonly string[], exclude: readonly string[]): string[] {
  const skip = new Set(exclude.map(normalizeAddress));
  return [...new Set(found.map(normalizeAddress))].filter((a) => !skip.has(a));
}

export interface StakeholderHit {
  accountId: string;
  stakeholderId: string;
}

export type MailMatch =
  | { kind: "one"; accountId: string; stakeholderIds: string[] }
  | { kind: "none" }
  | { kind: "several"; accountIds: string[] };

/**
 * Which account a mail belongs to, from the stakeholders whose addresses it
 * names (on accounts the sender may log on): exactly one account is a match;
 * none, or people of several accounts, leave the mail to be placed by hand.
 */
export function matchMail(hits: readonly StakeholderHit[]): MailMatch {
  const byAccount = new Map<string, string[]>();
  for (const hit of hits) {
    const ids = byAccount.get(hit.accountId) ?? [];
    if (!ids.includes(hit.stakeholderId)) ids.push(hit.stakeholderId);
    byAccount.set(hit.accountId, ids);
  }
  if (byAccount.size === 0) return { kind: "none" };
  if (byAccount.size > 1) return { kind: "several", accountIds: [...byAccount.keys()].sort() };
  const [[accountId, stakeholderIds]] = [...byAccount.entries()] as [[string, string[]]];
  return { kind: "one", accountId, stakeholderIds: [...stakeholderIds].sort() };
}

// C0 controls but tab and line breaks, and DEL (app/domain/text.ts refuses them in any text field).
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text from a mail made fit for a text field: control characters removed, cut to `max` characters with "…". */
export function fitText(text: string, max: number): string {
  const clean = text.replace(CONTROL, "").replace(LONE_SURROGATE, "\uFFFD").replace(/\r\n?/g, "\n").trim();
  if (clean.length <= max) return clean;
  let cut = clean.slice(0, max - 1);
  // Never end on half of a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** The subject of a mail without its "Re:", "Fwd:", "VS:", "VL:" prefixes. */
export function plainSubject(subject: string): string {
  return subject.replace(/^(?:\s*(?:re|fw|fwd|vs|vl|sv|aw|wg)\s*(?:\[\d+\])?\s*:\s*)+/i, "").trim();
}

/** When the mail happened: its Date header unless missing, or later than when it arrived. */
export function mailTime(sentAt: Date | null | undefined, receivedAt: Date): Date {
  if (!sentAt || Number.isNaN(sentAt.getTime()) || sentAt.getTime() > receivedAt.getTime()) return receivedAt;
  return sentAt;
}
