import { z } from "zod";
import { OUTBOX_STATUSES } from "#app/domain/outbox.ts";

// The outbox page's query string and its two buttons (app/routes/_app.admin.outbox.tsx).

/** `?status=` and `?message=`: anything else is ignored (a malformed message id is a 404 on the page). */
export const OutboxQuery = z.object({
  status: z.enum(OUTBOX_STATUSES).optional().catch(undefined),
  message: z.uuid().optional().catch(undefined),
});

export const OutboxSteer = z.object({ intent: z.enum(["resend", "withdraw"]), id: z.uuid() });
