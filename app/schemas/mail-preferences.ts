import { z } from "zod";
import { MAIL_CHOICES, OPTIONAL_MAIL_KINDS, type OptionalMailKind } from "#app/domain/outbox.ts";

// The mail settings page (app/routes/settings.mail.tsx): one choice per kind;
// a kind left out is left as it is. Whether a choice is offered for the
// person's role is the model's check (app/models/mail-preferences.server.ts).

export const MailPreferencesForm = z.object(
  Object.fromEntries(OPTIONAL_MAIL_KINDS.map((kind) => [kind, z.enum(MAIL_CHOICES).optional()])) as Record<
    OptionalMailKind,
    z.ZodOptional<z.ZodEnum<{ [K in (typeof MAIL_CHOICES)[number]]: K }>>
  >,
);

/** The token of an unsubscribe link (its signature is checked by the model). */
export const UnsubscribeToken = z.string().min(1).max(200);
