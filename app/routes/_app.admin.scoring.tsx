import { sql } from "kysely";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { getFormProps, getInputProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import type { ReactNode } from "react";
import { AdminNav } from "#app/components/admin-nav.tsx";
import { Button, ErrorList, Field, FormAlert } from "#app/components/ui/field.tsx";
import { DEFAULT_SCORING_SETTINGS, HEALTH_FACTOR_KEYS, type ScoringSettings } from "#app/domain/scoring-settings.ts";
import type { MessageKey, Translate } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { loadScoringSettings, rescoreAllAccounts, saveScoringSettings } from "#app/models/scores.server.ts";
import { userName } from "#app/models/users.server.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { badRequest, requireRole } from "#app/web/auth.server.ts";
import { db, type Executor } from "#app/utils/db.server.ts";
import { ConflictError } from "#app/utils/errors.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import type { ConflictInfo } from "#app/schemas/form-reply.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import { SettingsForm, SettingsVersion } from "#app/schemas/scoring-settings.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    "adminNav.",
    "form.conflictField",
    "health.",
    "scoringAdmin.",
    "scoringSettings.",
    "title.scoring",
  ),
};

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("title.scoring"));
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"] as const);
  const stored = await loadScoringSettings(db());
  return {
    settings: stored.settings,
    version: stored.version,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy ? await userName(db(), stored.updatedBy) : null,
  };
}

// After a lost race (409) show who saved and the version now stored; the form keeps what was typed.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;

export async function action({ request }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireRole(request, ["admin"] as const);
  const { t, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  const version = SettingsVersion.safeParse(formData.get("version"));
  if (!version.success) badRequest();
  const submission = parseWithZod(formData, { schema: SettingsForm, error: errorMap });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await db()
      .transaction()
      .execute((trx) => saveScoringSettings(trx, submission.value, version.data, user.id, ip));
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    return data(
      {
        result: submission.reply({
          formErrors: [t("form.conflict", { name: error.changedBy ?? t("scoringAdmin.someone") })],
        }),
        conflict: conflictInfo(t, error, submission.value),
      },
      { status: 409 },
    );
  }
  // Every account is scored again on the new settings (each in its own transaction).
  // A small portfolio is done before the reply; a large one (about 12 ms an
  // account) continues in the background, and the hourly refresher finishes
  // anything a restart interrupted, as saving marked every score stale.
  const accounts = await countLiveAccounts(db());
  if (accounts > INLINE_RESCORE_LIMIT) {
    void rescoreAllAccounts(db(), new Date()).catch((e: unknown) => console.error("Background re-scoring failed:", e));
    return redirect("/admin/scoring", {
      headers: {
        "Set-Cookie": await setFlash(request, {
          kind: "success",
          message: t("scoringAdmin.savedBackground", { count: accounts }),
        }),
      },
    });
  }
  const count = await rescoreAllAccounts(db(), new Date());
  return redirect("/admin/scoring", {
    headers: {
      "Set-Cookie": await setFlash(request, { kind: "success", message: t("scoringAdmin.saved", { count }) }),
    },
  });
}

const INLINE_RESCORE_LIMIT = 300;

async function countLiveAccounts(executor: Executor): Promise<number> {
  const row = await executor
    .selectFrom("accounts")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("archived_at", "is", null)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The settings someone else saved meanwhile, field by field where they differ from what was submitted. */
function conflictInfo(t: Translate, error: ConflictError, mine: ScoringSettings): ConflictInfo {
  const theirs = flatten(error.current);
  const submitted = flatten(mine as unknown as Record<string, unknown>);
  const changes = Object.keys(submitted)
    .filter((name) => String(theirs[name]) !== String(submitted[name]))
    .map((name) => ({ field: t(fieldLabel(name)), value: String(theirs[name] ?? "—") }));
  return { version: Number(error.current.version), changes };
}

function flatten(value: Record<string, unknown>, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === "version") continue;
    if (v && typeof v === "object" && !Array.isArray(v))
      Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${key}.`));
    else out[`${prefix}${key}`] = v;
  }
  return out;
}

/** A settings field's label: "weights.nps" → the factor's name, "bands.watchFrom" → scoringAdmin.field.watchFrom. */
function fieldLabel(name: string): MessageKey {
  const [head, tail] = name.split(".");
  if (head === "weights") return `health.factor.${tail as (typeof HEALTH_FACTOR_KEYS)[number]}`;
  return `scoringAdmin.field.${(tail ?? head) as SettingName}` as MessageKey;
}

type SettingName =
  | Exclude<keyof ScoringSettings, "weights" | "bands" | "healthyCap">
  | keyof ScoringSettings["bands"]
  | keyof ScoringSettings["healthyCap"];

const WINDOW_FIELDS = [
  "predictabilityMonths",
  "npsMonths",
  "coverageEngagedDays",
  "sentimentWindow",
  "sentimentFallingPenalty",
  "experienceFollowDays",
] as const;
const SIGNAL_FIELDS = [
  "dmContactDays",
  "dmFullScoreDays",
  "dueSoonDays",
  "surpriseDays",
  "surpriseCount",
  "highInfluenceFrom",
  "renewalSoonDays",
  "invoiceOverdueDays",
  "noticeContestDays",
  "solvedBadlyDays",
  "solvedBadlyCount",
  "belowExpectedDays",
  "belowExpectedCount",
] as const;

export default function ScoringSettingsPage() {
  const { settings, version, updatedAt, updatedBy } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as
    { result: SubmissionResult<string[]>; conflict?: ConflictInfo } | undefined;
  const { t, dateTime } = useI18n();
  const navigation = useNavigation();
  const pending = navigation.state === "submitting" && navigation.formAction === "/admin/scoring";
  const [form, fields] = useZodForm<typeof SettingsForm>("scoring-settings", {
    lastResult: actionData?.result,
    defaultValue: settings,
  });
  const weights = fields.weights.getFieldset();
  const bands = fields.bands.getFieldset();
  const cap = fields.healthyCap.getFieldset();
  const details = actionData?.conflict?.changes.map((c) => t("form.conflictField", { field: c.field, value: c.value }));
  const number = (field: FieldMetadata<number>, name: SettingName, defaultValue: number, step: string = "1") => (
    <Field
      key={name}
      label={t(`scoringAdmin.field.${name}`)}
      hint={
        <>
          {t(`scoringAdmin.hint.${name}`)} {t("scoringAdmin.default", { value: defaultValue })}
        </>
      }
      inputProps={{ ...getInputProps(field, { type: "number" }), step, inputMode: "decimal" }}
      field={field}
    />
  );
  const { key: weightedKey, ...weightedProps } = getInputProps(fields.npsInfluenceWeighted, { type: "checkbox" });
  const { key: highSignalKey, ...highSignalProps } = getInputProps(cap.highSignal, { type: "checkbox" });

  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <div>
        <AdminNav />
        <h1 className="text-2xl font-bold">{t("scoringAdmin.title")}</h1>
        <p className="mt-1 text-slate-700">{t("scoringAdmin.intro")}</p>
        <p className="mt-1 text-sm text-slate-600">
          {updatedAt
            ? t("scoringAdmin.lastSaved", { at: dateTime(updatedAt), name: updatedBy ?? "—" })
            : t("scoringAdmin.defaultsRunning")}
        </p>
      </div>
      <Form method="post" {...getFormProps(form)} className="flex flex-col gap-6">
        <input type="hidden" name="version" value={actionData?.conflict?.version ?? version} />
        <FormAlert id={form.errorId} errors={form.errors} details={details} />

        <Section legend={t("scoringAdmin.weights")} help={t("scoringAdmin.weightsHelp")}>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            {HEALTH_FACTOR_KEYS.map((key) => (
              <Field
                key={key}
                label={t(`health.factor.${key}`)}
                hint={t("scoringAdmin.default", { value: DEFAULT_SCORING_SETTINGS.weights[key] })}
                inputProps={{
                  ...getInputProps(weights[key], { type: "number" }),
                  step: "any",
                  min: 0,
                  inputMode: "decimal",
                }}
                field={weights[key]}
              />
            ))}
          </div>
          <ErrorList field={fields.weights} />
        </Section>

        <Section legend={t("scoringAdmin.bands")} help={t("scoringAdmin.bandsHelp")}>
          <div className="grid gap-4 sm:grid-cols-2">
            {number(bands.healthyFrom, "healthyFrom", DEFAULT_SCORING_SETTINGS.bands.healthyFrom, "any")}
            {number(bands.watchFrom, "watchFrom", DEFAULT_SCORING_SETTINGS.bands.watchFrom, "any")}
          </div>
        </Section>

        <Section legend={t("scoringAdmin.judgement")} help={t("scoringAdmin.judgementHelp")}>
          <div className="grid gap-4 sm:grid-cols-2">
            {number(fields.minFactorsWithData, "minFactorsWithData", DEFAULT_SCORING_SETTINGS.minFactorsWithData)}
            {number(
              cap.predictabilityBelow,
              "predictabilityBelow",
              DEFAULT_SCORING_SETTINGS.healthyCap.predictabilityBelow,
              "0.01",
            )}
            <div className="flex flex-col gap-1">
              <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
                <input key={highSignalKey} {...highSignalProps} className="h-4 w-4" />
                {t("scoringAdmin.field.highSignal")}
              </label>
              <p className="text-xs text-slate-600">{t("scoringAdmin.hint.highSignal")}</p>
              <ErrorList field={cap.highSignal} />
            </div>
          </div>
        </Section>

        <Section legend={t("scoringAdmin.windows")}>
          <div className="grid gap-4 sm:grid-cols-2">
            {WINDOW_FIELDS.map((name) =>
              number(
                fields[name],
                name,
                DEFAULT_SCORING_SETTINGS[name],
                name === "sentimentFallingPenalty" ? "0.01" : "1",
              ),
            )}
            <div className="flex flex-col gap-1">
              <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
                <input key={weightedKey} {...weightedProps} className="h-4 w-4" />
                {t("scoringAdmin.field.npsInfluenceWeighted")}
              </label>
              <p className="text-xs text-slate-600">{t("scoringAdmin.hint.npsInfluenceWeighted")}</p>
              <ErrorList field={fields.npsInfluenceWeighted} />
            </div>
          </div>
        </Section>

        <Section legend={t("scoringAdmin.signals")}>
          <div className="grid gap-4 sm:grid-cols-2">
            {SIGNAL_FIELDS.map((name) => number(fields[name], name, DEFAULT_SCORING_SETTINGS[name]))}
          </div>
        </Section>

        <div>
          <Button type="submit" pending={pending} pendingLabel={t("scoringAdmin.saving")}>
            {t("scoringAdmin.save")}
          </Button>
          <p className="mt-2 text-xs text-slate-600">{t("scoringAdmin.saveHelp")}</p>
        </div>
      </Form>
    </div>
  );
}

function Section({ legend, help, children }: { legend: string; help?: string; children: ReactNode }) {
  return (
    <fieldset className="rounded-lg border border-slate-300 bg-white p-4">
      <legend className="px-1 font-semibold">{legend}</legend>
      {help ? <p className="mb-3 text-sm text-slate-700">{help}</p> : null}
      {children}
    </fieldset>
  );
}
