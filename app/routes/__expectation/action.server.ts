// The expectation page's forms: edit, re-plan, deliver, reopen, accept and
// decline (each version-checked and audited by its model), and a task created
// from the expectation.
import { postToAccount } from "#app/routes/__account/post.server.ts";
import type { ActionFunctionArgs } from "@remix-run/node";
import {
  acceptProposed,
  declineProposed,
  recordDelivery,
  reopenExpectation,
  replanExpectation,
  updateExpectation,
} from "#app/models/expectation-changes.server.ts";
import {
  AcceptForm,
  DeclineForm,
  DeliveryForm,
  ExpectationEditForm,
  ReopenForm,
  ReplanForm,
} from "#app/schemas/expectation.ts";
import { actionContext } from "#app/web/actions.server.ts";
import { badRequest } from "#app/web/auth.server.ts";
import { intentAction, type FormIntent } from "#app/web/forms.server.ts";
import { handleTaskIntent } from "#app/web/task-actions.server.ts";
import { displayValue, FIELD_LABELS } from "./labels.ts";
import type { Intent } from "./labels.ts";

type Context = Parameters<typeof updateExpectation>[1];

const INTENTS: Record<Intent, FormIntent<Context>> = {
  edit: {
    schema: ExpectationEditForm,
    write: updateExpectation,
    done: "expectationForm.saved",
    compare: [
      "title",
      "description",
      "category",
      "holder_stakeholder_id",
      "source",
      "source_touchpoint_id",
      "importance",
      "owner_id",
    ],
  },
  replan: { schema: ReplanForm, write: replanExpectation, done: "replanForm.done", compare: ["due_date", "status"] },
  deliver: { schema: DeliveryForm, write: recordDelivery, done: "deliveryForm.done", compare: ["status", "due_date"] },
  reopen: { schema: ReopenForm, write: reopenExpectation, done: "reopenForm.done", compare: ["status"] },
  accept: { schema: AcceptForm, write: acceptProposed, done: "proposal.acceptedMsg", compare: ["status"] },
  decline: { schema: DeclineForm, write: declineProposed, done: "proposal.declinedMsg", compare: ["status"] },
};

export async function expectationAction({ request, params }: ActionFunctionArgs) {
  const { user, accountId, expectationId, formData } = await postToAccount(request, params, "expectationId");
  const { t, locale, errorMap, ip } = await actionContext(request);
  const back = `/accounts/${accountId}/expectations/${expectationId}`;
  if (formData.get("intent") === "createTask") {
    if (formData.get("expectation_id") !== expectationId) badRequest();
    return handleTaskIntent(request, user, formData, { t, errorMap, ip, back, accountId });
  }
  return intentAction(request, formData, INTENTS, {
    actor: user,
    context: { actor: user, ip },
    accountId,
    recordId: expectationId,
    back,
    errorMap,
    locale,
    labels: FIELD_LABELS,
    shown: displayValue,
  });
}
