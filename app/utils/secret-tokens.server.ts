import { createHash, randomBytes } from "node:crypto";

// The secrets the app hands out once, as a bearer token or in a link: API
// tokens, calendar feeds, portal invitations and set-password links. Each is 32
// random bytes and is stored only as its SHA-256: with that much randomness a
// fast hash is enough, as there is nothing to guess by brute force (unlike a
// password). Sessions keep their own encoding (sessions.server.ts).

/** A new secret: 32 random bytes, base64url, after `prefix` (which tells the kind of token apart). */
export function newToken(prefix = ""): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/** How a handed-out secret is stored and looked up: its SHA-256, in hex. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
