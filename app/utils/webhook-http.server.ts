import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { isNonPublicAddress } from "#app/domain/webhooks.ts";

// The HTTP POST of a webhook. With `refusePrivate` (production, unless
// WEBHOOK_ALLOW_PRIVATE_TARGETS) the address a host name resolves to is checked
// in the connection's own DNS lookup, so the checked address is the one
// connected to (a name that resolves to a public address when registered and a
// private one when sent — DNS rebinding — is refused too). An address written in
// the URL is checked the same way. Redirects are not followed (a 3xx is a
// failed try), the answer's body is read up to 4 KiB, and the whole request
// gives up after `timeoutMs`.

export class PrivateTargetError extends Error {
  constructor(readonly address: string) {
    super(
      `Refused: ${address} is on a private, loopback or link-local network (WEBHOOK_ALLOW_PRIVATE_TARGETS is off).`,
    );
    this.name = "PrivateTargetError";
  }
}

export interface WebhookHttpResult {
  status: number;
  body: string;
}

export interface WebhookPost {
  (
    url: string,
    headers: Record<string, string>,
    body: string,
    options: { timeoutMs: number; refusePrivate: boolean },
  ): Promise<WebhookHttpResult>;
}

const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const list = addresses as dns.LookupAddress[];
    const refused = list.find((a) => isNonPublicAddress(a.address));
    if (refused || !list.length) return callback(new PrivateTargetError(refused?.address ?? hostname), "", 0);
    if ((options as { all?: boolean }).all)
      return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

export const postWebhook: WebhookPost = (url, headers, body, { timeoutMs, refusePrivate }) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const literal = target.hostname.replace(/^\[|\]$/g, "");
    if (refusePrivate && isIP(literal) && isNonPublicAddress(literal)) return reject(new PrivateTargetError(literal));
    const client = target.protocol === "https:" ? https : http;
    const request = client.request(
      target,
      {
        method: "POST",
        headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
        timeout: timeoutMs,
        ...(refusePrivate ? { lookup: guardedLookup } : {}),
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size < 4096) chunks.push(chunk);
          size += chunk.length;
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8").slice(0, 4096) }),
        );
        response.on("error", reject);
      },
    );
    const deadline = setTimeout(() => request.destroy(new Error(`No answer within ${timeoutMs / 1000} s.`)), timeoutMs);
    request.on("close", () => clearTimeout(deadline));
    request.on("timeout", () => request.destroy(new Error(`No answer within ${timeoutMs / 1000} s.`)));
    request.on("error", reject);
    request.end(body);
  });
