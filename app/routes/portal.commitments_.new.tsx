import { getSelectProps, getTextareaProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { SelectField, SubmissionIdField, TextareaField } from "#app/components/ui/field.tsx";
import { PortalForm } from "#app/components/portal-form.tsx";
import { EXPECTATION_CATEGORIES } from "#app/domain/vocabulary.ts";
import { calendarDate } from "#app/domain/time.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { proposeExpectation } from "#app/models/portal-actions.server.ts";
import { ProposeExpectationForm } from "#app/schemas/portal.ts";
import { postAs } from "#app/web/actions.server.ts";
import { requirePortalUser } from "#app/web/auth.server.ts";
import { writeErrorReply } from "#app/web/forms.server.ts";
import { withPortalCreate } from "#app/models/portal-scope.server.ts";
import { newSubmissionId, submissionKey } from "#app/web/submission.server.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import { portalActor, thankAndReturn } from "#app/routes/__portal/actions.server.ts";
import { InputFor } from "#app/components/ui/select-for.tsx";

export const meta: MetaFunction = titleMeta("title.propose");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePortalUser(request);
  return { today: calendarDate(), submissionId: newSubmissionId() };
}

/** A customer states an expectation: it reaches the KAM's ledger as a proposal, held by the customer. */
export async function action({ request }: ActionFunctionArgs) {
  const { user, t, locale, errorMap, ip, formData } = await postAs(request, requirePortalUser);
  const submission = parseWithZod(formData, { schema: ProposeExpectationForm, error: errorMap });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const actor = portalActor(user, ip);
  let repeated: boolean;
  try {
    ({ repeated } = await withPortalCreate(
      user.accountId,
      submissionKey(formData, user.id, "portal-proposal"),
      async (trx) => {
        await proposeExpectation(trx, actor, submission.value);
        return {};
      },
    ));
  } catch (error) {
    const { status, result } = await writeErrorReply(error, submission, { request, actor: user, locale });
    return data(result, { status });
  }
  const message = repeated ? t("form.alreadySaved") : t("portalPropose.done");
  return thankAndReturn(request, "/portal/commitments#proposals-heading", message);
}

export default function ProposeExpectation() {
  const { today, submissionId } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  const navigation = useNavigation();
  const [form, fields] = useZodForm<typeof ProposeExpectationForm>("propose", {
    lastResult,
    defaultValue: { category: "delivery" },
  });
  return (
    <div className="flex max-w-2xl flex-col gap-4">
      <Link to="/portal/commitments" className="text-sm text-sky-800 underline">
        ← {t("portalPropose.cancel")}
      </Link>
      <h1 className="text-2xl font-bold">{t("portalPropose.title")}</h1>
      <p className="text-slate-700">{t("portalPropose.intro")}</p>
      <PortalForm
        form={form}
        hidden={{}}
        className="flex flex-col gap-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-sky-200"
        pending={navigation.state === "submitting"}
        pendingLabel={t("portalFeedback.sending")}
        submitLabel={t("portalPropose.submit")}
      >
        <SubmissionIdField value={submissionId} />
        <InputFor meta={fields.title} label={t("portalPropose.what")} type="text" maxLength={300} />
        <TextareaField
          label={t("portalPropose.details")}
          textareaProps={{ ...getTextareaProps(fields.description), rows: 4, maxLength: 4000 }}
          field={fields.description}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            label={t("portalPropose.category")}
            selectProps={getSelectProps(fields.category)}
            options={EXPECTATION_CATEGORIES.map((c) => ({ value: c, label: t(`expCategory.${c}`) }))}
            field={fields.category}
          />
          <InputFor meta={fields.due_date} label={t("portalPropose.due")} type="date" min={today} />
        </div>
      </PortalForm>
    </div>
  );
}
