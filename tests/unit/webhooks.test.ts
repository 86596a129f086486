import { describe, expect, it } from "vitest";
import {
  afterWebhookFailure,
  DISABLE_AFTER_MS,
  isNonPublicAddress,
  MAX_WEBHOOK_ATTEMPTS,
  shouldDisableEndpoint,
  webhookCreatorScope,
  webhookRetryDelayMs,
  webhookUrlProblem,
} from "#app/domain/webhooks.ts";
import {
  decryptWebhookSecret,
  encryptWebhookSecret,
  newWebhookSecret,
  webhookSignature,
} from "#app/utils/webhook-secrets.server.ts";

// Worked examples of the webhook rules (app/domain/webhooks.ts) and of the signing secrets.

describe("addresses a production webhook may not reach", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.1",
    "10.0.0.5",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254", // cloud metadata
    "100.64.0.1", // carrier-grade NAT
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "::ffff:10.0.0.1", // v4-mapped
    "::ffff:7f00:1", // v4-mapped, hex
    "64:ff9b::a00:1", // NAT64 of 10.0.0.1
    "2002:a00:1::", // 6to4
    "[::1]",
    "not an address",
  ])("%s is refused", (address) => expect(isNonPublicAddress(address)).toBe(true));

  it.each([
    "93.184.216.34",
    "8.8.8.8",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "2a00:1450:4010:c05::71",
  ])("%s is public", (address) => expect(isNonPublicAddress(address)).toBe(false));
});

describe("endpoint URLs", () => {
  it("takes https anywhere, and plain http only to this machine when allowed (development, tests)", () => {
    expect(webhookUrlProblem("https://hooks.example.com/kohtaamo", false)).toBeNull();
    expect(webhookUrlProblem("http://hooks.example.com/kohtaamo", true)).toBe("https");
    expect(webhookUrlProblem("http://localhost:4000/hooks", true)).toBeNull();
    expect(webhookUrlProblem("http://127.0.0.1:4000/hooks", true)).toBeNull();
    expect(webhookUrlProblem("http://[::1]:4000/hooks", true)).toBeNull();
    expect(webhookUrlProblem("http://localhost:4000/hooks", false)).toBe("https");
    expect(webhookUrlProblem("ftp://hooks.example.com/", true)).toBe("https");
    expect(webhookUrlProblem("https://user:pass@hooks.example.com/", false)).toBe("credentials");
    expect(webhookUrlProblem("hooks.example.com", false)).toBe("invalid");
    expect(webhookUrlProblem("https://hooks.example.com/#x", false)).toBe("invalid");
  });
});

describe("retries and turning an endpoint off", () => {
  it("waits 1, 2, 4 … minutes, at most two hours, and gives up after the last try (about a day)", () => {
    expect([1, 2, 3, 4, 8, 20].map((a) => webhookRetryDelayMs(a) / 60_000)).toEqual([1, 2, 4, 8, 120, 120]);
    const total = Array.from({ length: MAX_WEBHOOK_ATTEMPTS - 1 }, (_, i) => webhookRetryDelayMs(i + 1)).reduce(
      (a, b) => a + b,
      0,
    );
    expect(total).toBeGreaterThan(DISABLE_AFTER_MS);
    const now = new Date("2026-12-06T10:00:00Z");
    expect(afterWebhookFailure(1, 500, now)).toEqual({
      state: "pending",
      nextAttemptAt: new Date("2026-12-06T10:01:00Z"),
    });
    expect(afterWebhookFailure(1, null, now).state).toBe("pending"); // no connection
    expect(afterWebhookFailure(1, 429, now).state).toBe("pending");
    expect(afterWebhookFailure(1, 410, now)).toEqual({ state: "failed" });
    expect(afterWebhookFailure(MAX_WEBHOOK_ATTEMPTS, 503, now)).toEqual({ state: "failed" });
  });

  it("turns an endpoint off after a day of failing with no success in between", () => {
    const since = new Date("2026-12-05T10:00:00Z");
    expect(shouldDisableEndpoint(null, new Date("2026-12-09T10:00:00Z"))).toBe(false);
    expect(shouldDisableEndpoint(since, new Date("2026-12-06T09:59:59Z"))).toBe(false);
    expect(shouldDisableEndpoint(since, new Date("2026-12-06T10:00:00Z"))).toBe(true);
  });

  it("sends what the creator may see: an active administrator everything, anyone else nothing", () => {
    expect(webhookCreatorScope({ role: "admin", disabled: false })).toBe("all");
    expect(webhookCreatorScope({ role: "admin", disabled: true })).toBe("none");
    expect(webhookCreatorScope({ role: "kam", disabled: false })).toBe("none");
    expect(webhookCreatorScope(null)).toBe("none");
  });
});

describe("signing secrets", () => {
  it("are kept encrypted, readable only with the same session secret", () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const stored = encryptWebhookSecret(secret, "session secret one, long enough");
    expect(stored).not.toContain(secret.slice(6));
    expect(encryptWebhookSecret(secret, "session secret one, long enough")).not.toBe(stored); // a fresh IV each time
    expect(decryptWebhookSecret(stored, "session secret one, long enough")).toBe(secret);
    expect(decryptWebhookSecret(stored, "another session secret entirely")).toBeNull();
    // Tampered: one bit of the ciphertext flipped. (Changing the last base64url
    // character is not enough: its low bits are padding and may decode the same.)
    const [format, iv, tag, body] = stored.split(".");
    const bytes = Buffer.from(body!, "base64url");
    bytes[0] = bytes[0]! ^ 1;
    expect(decryptWebhookSecret([format, iv, tag, bytes.toString("base64url")].join("."), "session secret one, long enough")).toBeNull();
  });

  it("sign `timestamp.body` with HMAC-SHA256 (a hand-checked value)", () => {
    // printf '1765015200.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
    expect(webhookSignature("whsec_test", 1765015200, '{"a":1}')).toBe(
      "v1=6cd8c54287542cffe5cadbb655e1cded3b37e9cce3b8816fc8f425e1ec40261d",
    );
  });
});
