import { Form } from "@remix-run/react";
import type { ButtonHTMLAttributes, ReactNode } from "react";
import { Button } from "#app/components/ui/field.tsx";
import { HiddenFields } from "#app/components/ui/hidden-fields.tsx";

/**
 * A button that is a form of its own: it posts its `intent` (and any `fields`)
 * to the page's action, as the admin pages' one-click actions do. Works without
 * JavaScript; `pending` disables it while the page's form is being sent.
 */
export function PostButton({
  intent,
  fields = {},
  pending,
  children,
  ...buttonProps
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type" | "name" | "value"> & {
  intent: string;
  fields?: Record<string, string | number>;
  pending?: boolean | undefined;
  children: ReactNode;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <HiddenFields values={fields} />
      <Button type="submit" disabled={pending} {...buttonProps}>
        {children}
      </Button>
    </Form>
  );
}
