import { describe, expect, it } from "vitest";
import {
  afterFailure,
  FIRST_RETRY_MS,
  headerProblem,
  isMailAddress,
  isPermanentSmtpFailure,
  MAX_RETRY_MS,
  MAX_SEND_ATTEMPTS,
  nextAllowedSend,
  renderMail,
  retryDelayMs,
} from "#app/domain/outbox.ts";

const t0 = new Date("2026-12-05T12:00:00Z");
const plus = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe("retries", () => {
  it("wait 1, 2, 4, 8 … minutes, at most an hour", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(retryDelayMs)).toEqual([1, 2, 4, 8, 16, 32, 60, 60].map((m) => m * 60_000));
    expect(retryDelayMs(1)).toBe(FIRST_RETRY_MS);
    expect(retryDelayMs(50)).toBe(MAX_RETRY_MS);
  });

  it("a failed try waits, a permanent refusal or the last try fails", () => {
    expect(afterFailure(1, false, t0)).toEqual({ state: "pending", nextAttemptAt: plus(1) });
    expect(afterFailure(3, false, t0)).toEqual({ state: "pending", nextAttemptAt: plus(4) });
    expect(afterFailure(1, true, t0)).toEqual({ state: "failed" });
    expect(afterFailure(MAX_SEND_ATTEMPTS, false, t0)).toEqual({ state: "failed" });
  });

  it("reads 5xx as permanent, 4xx and no answer as worth another try", () => {
    expect([550, 554, 451, 421, undefined, "550"].map(isPermanentSmtpFailure)).toEqual([true, true, false, false, false, false]);
  });
});

describe("the per-recipient limit", () => {
  it("lets a mail go now under the limit, else when the oldest within the hour leaves it", () => {
    expect(nextAllowedSend([], 2, t0)).toEqual(t0);
    expect(nextAllowedSend([plus(-30)], 2, t0)).toEqual(t0);
    expect(nextAllowedSend([plus(-50), plus(-30), plus(-10)], 2, t0)).toEqual(plus(30));
    // Older than an hour does not count.
    expect(nextAllowedSend([plus(-90), plus(-61), plus(-10)], 2, t0)).toEqual(t0);
  });
});

describe("headers", () => {
  it("refuses line breaks and control characters (header injection)", () => {
    expect(headerProblem("Re-plan: Valmet Oy")).toBeNull();
    expect(headerProblem("Ä ö – “quotes” 🙂")).toBeNull();
    expect(headerProblem("x\r\nBcc: a@b.c")).toBe("lineBreak");
    expect(headerProblem("x\nBcc: a@b.c")).toBe("lineBreak");
    expect(headerProblem("x\u2028y")).toBe("lineBreak");
    expect(headerProblem("x\u0000y")).toBe("control");
  });

  it("accepts one plain address only", () => {
    expect(isMailAddress("pekka@valmet.example")).toBe(true);
    expect(isMailAddress("pekka@valmet")).toBe(false);
    expect(isMailAddress("a@b.c, d@e.f")).toBe(false);
    expect(isMailAddress("Pekka <pekka@valmet.example>")).toBe(false);
    expect(isMailAddress("pekka@valmet.example\r\nBcc: x@y.z")).toBe(false);
  });
});

describe("rendering", () => {
  it("says the same in both parts and escapes user text in HTML", () => {
    const mail = renderMail(
      {
        subject: "Dispute <b>now</b>",
        greeting: "Hello Eve <script>,",
        paragraphs: ['Reason: "late" & wrong'],
        action: { label: "Open", url: "https://k.example/a?x=1&y=2" },
        footer: ["Sent by Kohtaamo."],
        unsubscribe: { label: "Stop these", url: "https://k.example/u/t" },
      },
      "en",
    );
    expect(mail.text).toBe(
      [
        "Hello Eve <script>,",
        "",
        'Reason: "late" & wrong',
        "",
        "Open:",
        "https://k.example/a?x=1&y=2",
        "",
        "--",
        "Sent by Kohtaamo.",
        "Stop these: https://k.example/u/t",
      ].join("\n"),
    );
    expect(mail.html).toContain("Hello Eve &lt;script&gt;,");
    expect(mail.html).toContain("Reason: &quot;late&quot; &amp; wrong");
    expect(mail.html).toContain('href="https://k.example/a?x=1&amp;y=2"');
    expect(mail.html).toContain("<title>Dispute &lt;b&gt;now&lt;/b&gt;</title>");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain('href="https://k.example/u/t"');
  });
});
