import { getCollectionProps, getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button, ErrorList, FormAlert, SubmissionIdField } from "#app/components/ui/field.tsx";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import { WEBHOOK_EVENTS } from "#app/domain/webhooks.ts";
import type { MessageKey } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { WebhookEndpointEditFormSchema, WebhookEndpointFormSchema } from "#app/schemas/webhooks.ts";
import type { WebhookEndpointValues } from "#app/schemas/webhooks.values.ts";
import { InputFor } from "#app/components/ui/select-for.tsx";

/** An event type's name in the reader's language. */
export function useEventLabel() {
  const { t } = useI18n();
  return (type: string) => t(`webhooks.event.${type}` as MessageKey);
}

/** Registering (no version) or changing (with its version) an endpoint: URL, description, events. */
export function WebhookEndpointForm({
  id,
  lastResult,
  defaults,
  version,
  submissionId,
  submitLabel,
  pendingLabel,
  pending,
  formErrors,
}: {
  id: string;
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaults: WebhookEndpointValues;
  version?: number;
  submissionId?: string;
  submitLabel: ReactNode;
  pendingLabel: ReactNode;
  pending: boolean;
  formErrors?: string[];
}) {
  const { t } = useI18n();
  const eventLabel = useEventLabel();
  const [form, fields] = useZodForm<WebhookEndpointFormSchema | WebhookEndpointEditFormSchema>(id, {
    lastResult,
    defaultValue: { ...defaults, ...(version !== undefined ? { version } : {}) },
  });
  const boxes = getCollectionProps(fields.events, { type: "checkbox", options: [...WEBHOOK_EVENTS] });
  return (
    <Form method="post" {...getFormProps(form)} className="flex flex-col gap-4">
      <FormAlert id={form.errorId} errors={formErrors ?? form.errors} />
      <SubmissionIdField value={submissionId} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <input type="hidden" name="intent" value={version !== undefined ? "update" : "create"} />
      <InputFor
        meta={fields.url}
        label={t("webhooks.url")}
        type="url"
        hint={t("webhooks.url.hint")}
        autoComplete="off"
        inputMode="url"
        spellCheck={false}
      />
      <InputFor meta={fields.description} label={t("webhooks.description")} type="text" autoComplete="off" />
      <fieldset className="flex flex-col gap-1" aria-describedby={`${fields.events.errorId} ${id}-events-hint`}>
        <legend className="text-sm font-medium text-slate-800">{t("webhooks.events")}</legend>
        <p id={`${id}-events-hint`} className="text-xs text-slate-600">
          {t("webhooks.events.hint")}
        </p>
        <div className="grid gap-1 sm:grid-cols-2">
          {boxes.map((box) => (
            <label key={box.key} className="flex items-start gap-2 py-1 text-sm" htmlFor={box.id}>
              <input {...box} key={box.key} className="mt-0.5 h-4 w-4" />
              {/* The type's code (expectation.delivered …) is in docs/api.md; shown here it reads like an untranslated text. */}
              <span>{eventLabel(box.value)}</span>
            </label>
          ))}
        </div>
        <ErrorList field={fields.events} />
      </fieldset>
      <div>
        <Button type="submit" pending={pending} pendingLabel={pendingLabel}>
          {submitLabel}
        </Button>
      </div>
    </Form>
  );
}

/** A secret shown once, right after it was made. */
export function WebhookSecretOnce({ url, secret }: { url: string; secret: string }) {
  const { t } = useI18n();
  return (
    <section
      role="status"
      className="mt-4 rounded-lg border border-emerald-300 bg-emerald-50 p-4"
      data-testid="webhook-secret"
    >
      <h2 className="font-semibold break-all">{t("webhooks.secretHeading", { url })}</h2>
      <p className="mt-2 break-all rounded bg-white p-2 font-mono text-sm ring-1 ring-emerald-200">{secret}</p>
      <p className="mt-2 text-sm text-slate-800">{t("webhooks.secretOnce")}</p>
    </section>
  );
}
