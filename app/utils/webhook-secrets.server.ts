import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { sessionSecret } from "./session-secret.server.ts";

// Webhook signing secrets. Kohtaamo must sign with the secret, so it keeps it
// (a hash would not do); it keeps it encrypted (AES-256-GCM) with a key derived
// from the session secret (HKDF-SHA256), which lives outside the database
// (SESSION_SECRET, or the file beside the embedded data). A copy of the
// database alone — a backup, a dump, a read-only leak — does not reveal the
// secrets. The page shows a secret once, when it is made; after that only its
// last four characters. Changing SESSION_SECRET makes the stored secrets
// unreadable: deliveries then fail with "secret unreadable" until an
// administrator makes a new one for the endpoint.

const FORMAT = "v1";

function key(secret: string = sessionSecret()): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "kohtaamo", "webhook signing secrets v1", 32));
}

/** A new signing secret: 32 random bytes, "whsec_" and base64url. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export function encryptWebhookSecret(plain: string, sessionKey?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(sessionKey), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [FORMAT, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(
    ".",
  );
}

/** The secret, or null when it cannot be read (another session secret, a damaged value). */
export function decryptWebhookSecret(stored: string, sessionKey?: string): string | null {
  const [format, iv, tag, body] = stored.split(".");
  if (format !== FORMAT || !iv || !tag || body === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(sessionKey), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/**
 * The signature header's value: `v1=` and the hex HMAC-SHA256, keyed by the
 * endpoint's secret, of `<timestamp>.<body>` (timestamp in Unix seconds, the
 * body byte for byte as sent). docs/api.md shows a receiver checking it.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}
