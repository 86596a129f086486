import type { Actor } from "#app/domain/permissions.ts";
import type { TouchpointLogInput } from "#app/schemas/touchpoint.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { createTask } from "./tasks.server.ts";
import { createTouchpoint } from "./touchpoint-changes.server.ts";

// Logging a touchpoint with its "next step": the touchpoint and, when a next
// step was written, a task linked to it (owned by the author, shared with the
// account), in the caller's transaction, so either both are saved or neither.

export async function logTouchpointWithNextStep(trx: Trx, ctx: { actor: Actor; ip?: string | null }, accountId: string, input: TouchpointLogInput) {
  const touchpoint = await createTouchpoint(trx, ctx, accountId, input);
  const task = input.next_step_title
    ? await createTask(
        trx,
        ctx,
        accountId,
        { title: input.next_step_title, due_on: input.next_step_due, visibility: "account", notes: "", touchpoint_id: touchpoint.id },
        { origin: "touchpoint" },
      )
    : null;
  return { touchpoint, task };
}
