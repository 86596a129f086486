import { z } from "zod";

// Mail in: what the inbound listener (app/models/mail-in-listener.server.ts)
// hands the model after parsing a mail with mailparser, checked here as any
// other input from outside; and the forms that place or discard a waiting mail.

const address = z.string().trim().toLowerCase().min(3).max(320).regex(/^[^\s@]+@[^\s@]+$/);

export const CapturedMailInput = z.object({
  /** The mail's Message-ID (or, without one, a digest of its content): the same mail is taken once. */
  messageId: z.string().trim().min(1).max(1000),
  /** The envelope sender (MAIL FROM) and the address of the From header. */
  envelopeFrom: address,
  headerFrom: address,
  subject: z.string().max(100_000),
  text: z.string().max(5_000_000),
  sentAt: z.date().nullable(),
  /** Addresses of the mail's own From, To, Cc and Reply-To headers, and of attached forwarded mails. */
  headerAddresses: z.array(address).max(2000),
  attachmentNames: z.array(z.string().max(1000)).max(500),
});
export type CapturedMailInput = z.output<typeof CapturedMailInput>;

/** Placing a waiting mail on an account (My work). */
export const CapturedMailPlaceForm = z.object({
  intent: z.literal("placeMail"),
  mailId: z.uuid(),
  accountId: z.uuid(),
  version: z.coerce.number().int().min(1).max(2_147_483_647),
});

/** Discarding a waiting mail (it was not about a customer). */
export const CapturedMailDiscardForm = z.object({
  intent: z.literal("discardMail"),
  mailId: z.uuid(),
  version: z.coerce.number().int().min(1).max(2_147_483_647),
});
