import { z } from "zod";
import {
  AccountBody,
  AccountCreateBody,
  AccountRecord,
  ApiError,
  DeliveryBody,
  ExpectationBody,
  ExpectationRecord,
  ReplanBody,
  ReplanRecord,
  StakeholderBody,
  StakeholderRecord,
  SurveyAnswerBody,
  SurveyAnswerRecord,
  TouchpointBody,
  TouchpointRecord,
} from "#app/schemas/api.ts";
import { ScoresRecord } from "#app/schemas/api-scores.ts";
import { openApiWebhooks, webhookEventSchema } from "./openapi-webhooks.server.ts";
import { InboxItemRecord, TaskBody, TaskRecord } from "#app/schemas/api-tasks.ts";

// The OpenAPI 3.1 description of /api/v1, generated from the Zod schemas the
// routes validate with (Zod 4's toJSONSchema; 3.1 uses JSON Schema 2020-12). Public: it holds no data.

const schema = (s: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(s, { io, target: "draft-2020-12", unrepresentable: "any" });

// The pieces every area's paths are made of.
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
/** A body (request or response) in JSON. */
const json = (s: object) => ({ content: { "application/json": { schema: s } } });
/** A response: every response object needs a description in OpenAPI 3.1. */
const ok = (s: object, description: string) => ({ description, ...json(s) });
const failure = (description: string) => ({ description, ...json(ref("Error")) });
const page = (item: string) => ({
  type: "object",
  required: ["data", "next_cursor"],
  properties: { data: { type: "array", items: ref(item) }, next_cursor: { type: ["string", "null"] } },
});
const upserted = (item: string) => ({
  type: "object",
  properties: { status: { enum: ["inserted", "updated", "unchanged"] }, data: ref(item) },
});
const errors = Object.fromEntries(
  (
    [
      ["400", "The body is not JSON."],
      ["401", "No token, or an unknown or revoked one."],
      ["403", "A read token tried to write, or the body names an account the token's user may not change."],
      ["404", "No account that the token reaches has this external id."],
      ["409", "The stored data refuses the record; field and reason say which and why."],
      ["411", "A body was sent without Content-Length (chunked); refused before it is read."],
      ["413", "The body is larger than 1 MiB; refused before it is read."],
      ["422", "A field is not valid; each is named."],
      ["429", "Over the token's rate limit; see Retry-After."],
    ] as [string, string][]
  ).map(([code, description]) => [code, failure(description)]),
);
const listed = (item: string) => ({
  "200": ok(
    page(item),
    "One page of records in the order they were created; next_cursor leads to the next page (null on the last).",
  ),
});
const written = (item: string) => ({
  "200": ok(upserted(item), "A record with this external_id existed: it was updated, or was unchanged."),
  "201": ok(upserted(item), "No record had this external_id: it was created."),
});
const paging = [
  { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
  { name: "cursor", in: "query", schema: { type: "string" }, description: "next_cursor of the previous page." },
];
/** A path parameter naming a record by its external id. */
const externalIdParameter = (name: string, description: string) => ({
  name,
  in: "path",
  required: true,
  schema: { type: "string" },
  description,
});
const externalId = externalIdParameter("externalId", "The account's external id.");

/** The whole document as a plain object (also what scripts/api-types.ts turns into TypeScript types). */
export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Kohtaamo API",
      version: "1",
      description:
        "Accounts, stakeholders, touchpoints and expectations, read and upserted by external id. See docs/api.md. " +
        "A field left out of a body keeps its stored value; null clears it.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearer: [] }],
    paths: {
      ...accountPaths(),
      ...recordPaths(),
      ...inboxPaths(),
      ...ledgerPaths(),
      ...scoresPaths(),
    },
    // What Kohtaamo sends to registered webhook endpoints (app/web/openapi-webhooks.server.ts).
    webhooks: openApiWebhooks(),
    components: components(),
  };
}

/** Accounts: listed, read and upserted by external id. */
function accountPaths() {
  return {
    "/accounts": {
      get: {
        tags: ["accounts"],
        summary: "List accounts",
        parameters: paging,
        responses: { ...listed("Account"), ...errors },
      },
      post: {
        tags: ["accounts"],
        summary: "Create or update an account by external_id",
        requestBody: { required: true, ...json(ref("AccountCreateBody")) },
        responses: { ...written("Account"), ...errors },
      },
    },
    "/accounts/{externalId}": {
      parameters: [externalId],
      get: {
        tags: ["accounts"],
        summary: "One account",
        responses: { "200": ok({ type: "object", properties: { data: ref("Account") } }, "The account."), ...errors },
      },
      put: {
        tags: ["accounts"],
        summary: "Create or update the account with this external id",
        requestBody: { required: true, ...json(ref("AccountBody")) },
        responses: { ...written("Account"), ...errors },
      },
    },
  };
}

/** An account's records of one kind: a page of them, and one upserted by external_id (POST or PUT). */
function collection(item: string, body: string, tag: string) {
  const upsert = (summary: string) => ({
    tags: [tag],
    summary,
    requestBody: { required: true, ...json(ref(body)) },
    responses: { ...written(item), ...errors },
  });
  return {
    parameters: [externalId],
    get: {
      tags: [tag],
      summary: `List the account's ${tag}`,
      parameters: paging,
      responses: { ...listed(item), ...errors },
    },
    post: upsert(`Create or update one by external_id`),
    put: upsert(`Create or update one by external_id (same as POST)`),
  };
}

/** The account's people, touchpoints, expectations and tasks. */
function recordPaths() {
  return {
    "/accounts/{externalId}/stakeholders": collection("Stakeholder", "StakeholderBody", "stakeholders"),
    "/accounts/{externalId}/touchpoints": collection("Touchpoint", "TouchpointBody", "touchpoints"),
    "/accounts/{externalId}/expectations": collection("Expectation", "ExpectationBody", "expectations"),
    "/accounts/{externalId}/tasks": {
      ...collection("Task", "TaskBody", "tasks"),
      get: {
        tags: ["tasks"],
        summary: "List the account's tasks",
        description:
          "Tasks shared with the account, and private ones only of the token's user (a director's or service token sees them all).",
        parameters: paging,
        responses: { ...listed("Task"), ...errors },
      },
    },
  };
}

/** The personal token's user's inbox. */
function inboxPaths() {
  return {
    "/inbox": {
      get: {
        tags: ["inbox"],
        summary: "The personal token's user's inbox",
        description:
          "What waits for the token's user today, most pressing first (disputes and detractors, then what is overdue, then the newest): " +
          "customer disputes, expectations the customer stated, survey answers, risk signals (a director also High signals left " +
          "unacknowledged), overdue and soon-due expectations and tasks. Items done, snoozed or handed on in the app are left out. " +
          "A service token has no inbox (403).",
        responses: {
          "200": ok(
            { type: "object", required: ["data"], properties: { data: { type: "array", items: ref("InboxItem") } } },
            "The items.",
          ),
          ...errors,
        },
      },
    },
  };
}

/** The ledger's own endpoints: re-plans, deliveries and survey answers brought in with their real dates. */
function ledgerPaths() {
  const expectationId = externalIdParameter("expectationId", "The expectation's external id.");
  return {
    "/accounts/{externalId}/expectations/{expectationId}/replans": {
      parameters: [externalId, expectationId],
      post: replanOperation(),
    },
    "/accounts/{externalId}/expectations/{expectationId}/delivery": {
      parameters: [externalId, expectationId],
      post: deliveryOperation(),
    },
    "/accounts/{externalId}/survey-answers": {
      parameters: [externalId],
      get: {
        tags: ["survey answers"],
        summary: "List the account's survey answers",
        parameters: paging,
        responses: { "200": ok(page("SurveyAnswer"), "A page of answers, from the portal and brought in."), ...errors },
      },
      post: answerWrite("Record a survey answer by external_id"),
      put: answerWrite("Record a survey answer by external_id (same as POST)"),
    },
  };
}

function replanOperation() {
  return {
    tags: ["expectations"],
    summary: "Re-plan an expectation's due date",
    description:
      "The only way a due date moves once recorded. Give the reason, whether and on which day the customer was told, and for a re-plan " +
      "made in the past the day it was made. Notice counts for predictability only when given before the date the customer was then " +
      "expecting; a date that passed unannounced stays a surprise whatever is re-planned later (docs/scoring.md).",
    requestBody: { required: true, ...ok(ref("ReplanBody"), "The re-plan.") },
    responses: {
      "201": ok(
        {
          type: "object",
          properties: { status: { const: "replanned" }, data: ref("Expectation"), replan: ref("Replan") },
        },
        "Re-planned: the expectation as it is now, and the re-plan as recorded.",
      ),
      ...errors,
      "404": failure(
        "No account that the token reaches has this external id, or the account has no expectation with this one.",
      ),
      "409": failure("The expectation changed since the version given."),
      "422": failure(
        "Against the ledger's rules: not open, the same date, a day in the future, earlier than the previous re-plan, a new date before the re-plan's day.",
      ),
    },
  };
}

function deliveryOperation() {
  return {
    tags: ["expectations"],
    summary: "Record what became of an open expectation",
    description: "kept is dated on or before the due date, late after it; no delivery is dated in the future.",
    requestBody: { required: true, ...ok(ref("DeliveryBody"), "The delivery.") },
    responses: {
      "200": ok(
        { type: "object", properties: { status: { const: "delivered" }, data: ref("Expectation") } },
        "Recorded: the expectation as it is now.",
      ),
      ...errors,
      "422": failure("Against the ledger's rules (the dates above), or the expectation is not open."),
    },
  };
}

function answerWrite(summary: string) {
  const answered = upserted("SurveyAnswer");
  return {
    tags: ["survey answers"],
    summary,
    description:
      "Brings in an NPS (0–10) or CSAT (1–5) answer given outside the portal — another survey tool, an interview — with the day it was " +
      "given and its source. Matched by external_id: sending it again corrects it. Relationship NPS reads each person's latest answer of the last 12 months by answered_at.",
    requestBody: { required: true, ...ok(ref("SurveyAnswerBody"), "The answer.") },
    responses: {
      "200": ok(answered, "An answer with this external_id was there: updated, or unchanged."),
      "201": ok(answered, "The answer was recorded."),
      ...errors,
    },
  };
}

/** The account's scores as last computed. */
function scoresPaths() {
  return {
    "/accounts/{externalId}/scores": {
      parameters: [externalId],
      get: {
        tags: ["scores"],
        summary: "The account's scores",
        description:
          "Predictability, relationship NPS, committee coverage, health with its factors, and the open risk signals: the figures " +
          "the account page shows, as last computed (every change to the account and a daily refresh recompute them). " +
          "A figure without data is null, not 0; an account with too little data has the health band not_enough_data. See docs/scoring.md.",
        responses: {
          "200": ok(
            { type: "object", required: ["data"], properties: { data: ref("Scores") } },
            "The account's scores.",
          ),
          ...errors,
        },
      },
    },
  };
}

/** How a token is sent, and the schemas the paths refer to. */
function components() {
  return {
    securitySchemes: {
      bearer: {
        type: "http",
        scheme: "bearer",
        description:
          "A service token (created by an administrator at /admin/api-tokens; acts with administrator rights) or a personal token " +
          "(created at /settings/api-tokens; acts with its user's rights: a key account manager's reaches their own accounts only). " +
          "Scope read allows GET; read_write also POST and PUT.",
      },
    },
    schemas: {
      AccountBody: schema(AccountBody, "input"),
      AccountCreateBody: schema(AccountCreateBody, "input"),
      StakeholderBody: schema(StakeholderBody, "input"),
      TouchpointBody: schema(TouchpointBody, "input"),
      ExpectationBody: schema(ExpectationBody, "input"),
      Account: schema(AccountRecord, "output"),
      Stakeholder: schema(StakeholderRecord, "output"),
      Touchpoint: schema(TouchpointRecord, "output"),
      Expectation: schema(ExpectationRecord, "output"),
      ReplanBody: schema(ReplanBody, "input"),
      DeliveryBody: schema(DeliveryBody, "input"),
      SurveyAnswerBody: schema(SurveyAnswerBody, "input"),
      Replan: schema(ReplanRecord, "output"),
      SurveyAnswer: schema(SurveyAnswerRecord, "output"),
      Scores: schema(ScoresRecord, "output"),
      WebhookEvent: webhookEventSchema,
      TaskBody: schema(TaskBody, "input"),
      Task: schema(TaskRecord, "output"),
      InboxItem: schema(InboxItemRecord, "output"),
      Error: schema(ApiError, "output"),
    },
  };
}
