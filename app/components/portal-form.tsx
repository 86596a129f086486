import { getCollectionProps, getFormProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ButtonHTMLAttributes, ReactNode } from "react";
import { Button, ErrorList, FormAlert } from "#app/components/ui/field.tsx";
import { HiddenFields } from "#app/components/ui/hidden-fields.tsx";

// The customer portal's forms (feedback, commitments, notices, proposals): the
// shared field primitives in the portal's colour. They carry no words of their
// own: each page passes its labels, so a page is sent only the messages it shows.

/** The portal's send button: the shared Button in sky, showing its pending label while its form is sent. */
export function PortalButton({
  tone = "sky",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { pending?: boolean; pendingLabel?: ReactNode; tone?: "sky" | "rose" }) {
  return (
    <Button
      type="submit"
      {...props}
      className={tone === "rose" ? "bg-rose-700 hover:bg-rose-800" : "bg-sky-700 hover:bg-sky-800"}
    />
  );
}

/**
 * One portal form posted to its page's action: the hidden values that tell the
 * action which form and record it is (intent, ids), the form-level message, the
 * fields, and one send button. Works without JavaScript; replies are Conform's.
 */
export function PortalForm<Schema extends Record<string, unknown>>({
  form,
  hidden,
  className,
  pending,
  pendingLabel,
  submitLabel,
  children,
}: {
  form: FormMetadata<Schema, string[]>;
  hidden: Record<string, string | number>;
  className: string;
  pending: boolean;
  pendingLabel: string;
  submitLabel: string;
  children: ReactNode;
}) {
  return (
    <Form method="post" {...getFormProps(form)} className={className}>
      <HiddenFields values={hidden} />
      <FormAlert id={form.errorId} errors={form.errors} />
      {children}
      <div>
        <PortalButton pending={pending} pendingLabel={pendingLabel}>
          {submitLabel}
        </PortalButton>
      </div>
    </Form>
  );
}

/**
 * A choice of one answer as radio buttons under a legend, its error announced
 * beside it and the answer sent before kept checked after a refusal.
 */
export function RadioChoice({
  meta,
  values,
  labelOf = (value) => value,
  legend,
  groupClassName = "mt-1 flex flex-wrap gap-1",
  labelClassName,
}: {
  meta: FieldMetadata<any, any, string[]>;
  values: readonly string[];
  labelOf?: (value: string) => ReactNode;
  legend: string;
  groupClassName?: string;
  labelClassName: string;
}) {
  const inputs = getCollectionProps(meta, { type: "radio", options: [...values] });
  const initial = typeof meta.initialValue === "string" ? meta.initialValue : "";
  return (
    <fieldset aria-describedby={meta.errors?.length ? meta.errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className={groupClassName}>
        {inputs.map(({ key, ...props }, i) => (
          <label key={key ?? props.id} className={labelClassName}>
            <input {...props} defaultChecked={values[i] === initial} className="h-4 w-4" />
            {labelOf(values[i]!)}
          </label>
        ))}
      </div>
      <ErrorList field={meta} />
    </fieldset>
  );
}

/** The look of a rating scale's choices: boxed, the chosen one in the portal's colour. */
export const SCALE_CHOICE =
  "rounded border border-slate-300 px-2 py-1 text-sm has-[:checked]:border-sky-700 has-[:checked]:bg-sky-50";
