import { describe, expect, it } from "vitest";
import {
  captureAddress,
  captureTokenOf,
  customerAddresses,
  fitText,
  forwardedAddresses,
  mailTime,
  matchMail,
  plainSubject,
} from "#app/domain/mail-in.ts";

// The rules of mail in, on hand-worked examples.

describe("capture addresses", () => {
  const token = "0123456789abcdef01234567";
  it("reads the token of an address at the inbound domain, in any case", () => {
    expect(captureAddress(token, "in.example.com")).toBe(`capture+${token}@in.example.com`);
    expect(captureTokenOf(`Capture+${token.toUpperCase()}@IN.example.com`, "in.example.com")).toBe(token);
  });
  it("refuses other domains, other local parts and malformed tokens", () => {
    expect(captureTokenOf(`capture+${token}@other.example.com`, "in.example.com")).toBeNull();
    expect(captureTokenOf(`kaisa@in.example.com`, "in.example.com")).toBeNull();
    expect(captureTokenOf(`capture+short@in.example.com`, "in.example.com")).toBeNull();
    expect(captureTokenOf(`capture+${token}`, "in.example.com")).toBeNull();
  });
});

describe("the addresses a mail names", () => {
  it("reads the headers a forwarded mail quotes, in English and Finnish, quoted or not", () => {
    const text = [
      "See below.",
      "---------- Forwarded message ---------",
      "From: Anna Asiakas <Anna@Kestila.example>",
      "To: kaisa@pohjola.example; ben@kestila.example",
      "> Lähettäjä: Sami <sami@sisu.example>",
      "> Kopio: tiina@sisu.example",
      "Mail anna@elsewhere.example if you want.",
    ].join("\n");
    expect(forwardedAddresses(text)).toEqual(["anna@kestila.example", "kaisa@pohjola.example", "ben@kestila.example", "sami@sisu.example", "tiina@sisu.example"]);
  });
  it("leaves out the capture address and the sender's own, once each", () => {
    expect(customerAddresses(["a@x.example", "Kaisa@pohjola.example", "capture+t@in.example", "A@x.example"], ["kaisa@pohjola.example", "capture+t@in.example"])).toEqual([
      "a@x.example",
    ]);
  });
});

describe("which account a mail belongs to", () => {
  it("is the one account whose people it names, with each of them once", () => {
    expect(
      matchMail([
        { accountId: "a", stakeholderId: "s2" },
        { accountId: "a", stakeholderId: "s1" },
        { accountId: "a", stakeholderId: "s2" },
      ]),
    ).toEqual({ kind: "one", accountId: "a", stakeholderIds: ["s1", "s2"] });
  });
  it("is none without people, and undecided with several accounts' people", () => {
    expect(matchMail([])).toEqual({ kind: "none" });
    expect(
      matchMail([
        { accountId: "b", stakeholderId: "s3" },
        { accountId: "a", stakeholderId: "s1" },
      ]),
    ).toEqual({ kind: "several", accountIds: ["a", "b"] });
  });
});

describe("the touchpoint's words", () => {
  it("drops reply and forward prefixes from the subject, in several languages", () => {
    expect(plainSubject("Re: Fwd: VS: Delivery")).toBe("Delivery");
    expect(plainSubject("VL: Lasku")).toBe("Lasku");
    expect(plainSubject("Regarding the renewal")).toBe("Regarding the renewal");
  });
  it("removes control characters and cuts long text with an ellipsis", () => {
    expect(fitText("a\u0000b\r\nc\u0007", 100)).toBe("ab\nc");
    expect(fitText("abcdefghij", 5)).toBe("abcd…");
    expect(fitText("ab\uD83D\uDE00cd", 4)).toBe("ab…");
  });
  it("dates the mail by its Date header unless it is missing or later than its arrival", () => {
    const received = new Date("2026-12-06T06:00:00Z");
    expect(mailTime(new Date("2026-12-05T08:00:00Z"), received)).toEqual(new Date("2026-12-05T08:00:00Z"));
    expect(mailTime(new Date("2026-12-07T08:00:00Z"), received)).toBe(received);
    expect(mailTime(null, received)).toBe(received);
  });
});
