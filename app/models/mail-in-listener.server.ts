import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import { captureTokenOf, normalizeAddress } from "#app/domain/mail-in.ts";
import { CapturedMailInput } from "#app/schemas/mail-in.ts";
import { db } from "#app/utils/db.server.ts";
import { appEnv, inboundDomain } from "#app/utils/env.server.ts";
import { ForbiddenError } from "#app/utils/errors.server.ts";
import { RateLimiter } from "#app/utils/rate-limiter.server.ts";
import { findCaptureOwner, isOwnAddress, receiveCapturedMail, type CaptureOwner } from "./mail-in.server.ts";

// The inbound SMTP listener of mail in (README "Mail in"), with `smtp-server`.
// It takes mail for capture addresses only, and only from their owner's own
// address: the envelope sender is checked at RCPT TO (before the mail is sent
// at all), the From header after DATA. Mails over the size limit are refused
// (the SIZE extension says the limit up front; a bigger body is refused at its
// end); too many mails to one person in an hour are told to try later (451, so
// the sending server keeps them). A fault of the database answers 451 too:
// the sender tries again, and nothing is lost. Parsing is `mailparser`'s.

export interface InboundListenerOptions {
  port: number;
  host: string;
  domain?: string;
  maxBytes?: number;
  ratePerHour?: number;
}

export interface InboundListener {
  port: number;
  host: string;
  domain: string;
  close(): Promise<void>;
}

/** An SMTP reply: the code and its enhanced status (RFC 3463) before the text. */
function reply(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

const addressList = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((o) => o.value)
    .flatMap((a) => (a.group ? a.group : [a]))
    .map((a) => a.address)
    .filter((a): a is string => Boolean(a))
    .map(normalizeAddress);

/** Reads the DATA stream, keeping at most `max` + 1 bytes (the rest is read and dropped). */
function readCapped(stream: SMTPServerDataStream, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    stream.on("data", (chunk: Buffer) => {
      if (kept > max) return;
      chunks.push(chunk);
      kept += chunk.length;
    });
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

/** What the model needs from a parsed mail: text only; attachments by name; forwarded mails' headers read too. */
async function toInput(parsed: ParsedMail, raw: Buffer, envelopeFrom: string) {
  const headerAddresses = [
    ...addressList(parsed.from),
    ...addressList(parsed.to),
    ...addressList(parsed.cc),
    ...addressList(parsed.replyTo),
  ];
  const texts = [parsed.text ?? ""];
  const attachmentNames: string[] = [];
  for (const attachment of parsed.attachments) {
    attachmentNames.push(attachment.filename ?? attachment.contentType);
    // A mail forwarded as an attachment: its own From, To and Cc name the customer.
    if (attachment.contentType === "message/rfc822") {
      const inner = await simpleParser(attachment.content);
      headerAddresses.push(...addressList(inner.from), ...addressList(inner.to), ...addressList(inner.cc));
      if (inner.text) texts.push(inner.text);
    }
  }
  return CapturedMailInput.safeParse({
    messageId: parsed.messageId ?? `sha256:${createHash("sha256").update(raw).digest("hex")}`,
    envelopeFrom,
    headerFrom: addressList(parsed.from)[0] ?? "",
    subject: parsed.subject ?? "",
    text: texts.filter(Boolean).join("\n\n"),
    sentAt: parsed.date ?? null,
    headerAddresses: [...new Set(headerAddresses)].slice(0, 2000),
    attachmentNames: attachmentNames.slice(0, 500),
  });
}

/** Starts the listener; resolves once it listens (port 0: a free port, see `port`). */
export async function startInboundSmtp(options: InboundListenerOptions): Promise<InboundListener> {
  const env = appEnv();
  const domain = (options.domain ?? inboundDomain(env)).toLowerCase();
  const maxBytes = options.maxBytes ?? env.INBOUND_MAIL_MAX_BYTES;
  const limiter = new RateLimiter(options.ratePerHour ?? env.INBOUND_MAIL_RATE_LIMIT_PER_HOUR, 3_600_000);
  /** The capture address's owner of the mail being received on a connection. */
  const owners = new WeakMap<SMTPServerSession, CaptureOwner>();

  const server = new SMTPServer({
    name: domain,
    banner: "Kohtaamo mail in",
    size: maxBytes,
    authOptional: true,
    // No sign-in and no TLS here: run it behind your mail relay (README "Mail in").
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    maxClients: 50,
    socketTimeout: 60_000,
    closeTimeout: 5_000,
    onMailFrom(_address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      owners.delete(session);
      callback();
    },
    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const token = captureTokenOf(address.address, domain);
      if (!token) return callback(reply(550, "5.1.1 No such capture address here"));
      findCaptureOwner(db(), token).then(
        (owner) => {
          if (!owner) return callback(reply(550, "5.1.1 No such capture address here"));
          const current = owners.get(session);
          if (current && current.id !== owner.id) return callback(reply(550, "5.5.3 One capture address per mail"));
          const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
          if (!sender || !isOwnAddress(owner, sender)) {
            return callback(reply(550, "5.7.1 A capture address takes mail only from its owner's own address"));
          }
          if (!current) {
            const limit = limiter.hit(owner.id);
            if (!limit.allowed) return callback(reply(451, `4.7.1 Too many mails to this capture address; try again in ${limit.retryAfterSeconds} s`));
          }
          owners.set(session, owner);
          callback();
        },
        () => callback(reply(451, "4.3.0 Cannot take mail just now; try again later")),
      );
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void) {
      const owner = owners.get(session);
      const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
      readCapped(stream, maxBytes)
        .then(async (raw) => {
          if (stream.sizeExceeded || raw.length > maxBytes) return callback(reply(552, `5.3.4 The mail is larger than ${maxBytes} bytes`));
          if (!owner) return callback(reply(503, "5.5.1 No capture address given"));
          const parsed = await simpleParser(raw);
          const input = await toInput(parsed, raw, envelopeFrom);
          if (!input.success) return callback(reply(550, "5.6.0 The mail could not be read (no From address?)"));
          try {
            const result = await db()
              .transaction()
              .execute((trx) => receiveCapturedMail(trx, { owner, ip: session.remoteAddress, domain }, input.data));
            callback(null, result.outcome === "logged" ? "Logged on its account" : result.outcome === "waiting" ? "Waiting in your inbox to be placed" : "Already taken");
          } catch (error) {
            if (error instanceof ForbiddenError) return callback(reply(550, "5.7.1 The From address is not the capture address owner's own"));
            console.error("Mail in: a mail could not be stored; the sender was told to try again.", error);
            callback(reply(451, "4.3.0 Cannot take mail just now; try again later"));
          }
        })
        .catch((error: unknown) => {
          console.error("Mail in: a mail could not be read.", error);
          callback(reply(451, "4.3.0 Cannot take mail just now; try again later"));
        });
    },
  });
  server.on("error", (error) => console.error("Mail in: the listener failed.", error));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    host: options.host,
    domain,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Starts the listener when INBOUND_SMTP_PORT is set (the production server calls this); null otherwise. */
export async function startMailIn(): Promise<InboundListener | null> {
  const env = appEnv();
  if (env.INBOUND_SMTP_PORT === undefined) return null;
  return startInboundSmtp({ port: env.INBOUND_SMTP_PORT, host: env.INBOUND_SMTP_HOST });
}
