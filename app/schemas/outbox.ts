import { z } from "zod";
import { OUTBOX_STATUSES } from "#app/domain/outbox.ts";

// The administrator's outbox page: its view in the URL (a bad value is dropped,
// never an error page) and its two actions on one message.

export const OutboxQuery = z.object({
  status: z.enum(OUTBOX_STATUSES).optional().catch(undefined),
  message: z.uuid().optional().catch(undefined),
});

export const OutboxSteerForm = z.object({ intent: z.enum(["resend", "withdraw"]), id: z.uuid() });
