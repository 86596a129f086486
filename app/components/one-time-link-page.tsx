import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import type { ReactNode } from "react";
import { AppHeader } from "#app/components/app-header.tsx";
import { Button, FormAlert } from "#app/components/ui/field.tsx";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import type { SetPasswordForm } from "#app/schemas/password.ts";
import { NewPasswordFields } from "#app/components/new-password-fields.tsx";

// The pages a one-time link opens (a portal invitation, a set-password link):
// outside any signed-in layout, a heading, then either why the link cannot be
// used or the form choosing a password. Words come from each page.

export function LinkPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <AppHeader user={null} />
      <main id="main" className="mx-auto mt-12 max-w-md px-4">
        <h1 className="text-2xl font-bold">{title}</h1>
        {children}
      </main>
    </>
  );
}

/** Why the link cannot be used (expired, used, withdrawn, unknown, too many tries), and the way to sign in. */
export function LinkUnusable({
  testId,
  state,
  message,
  signIn,
  linkClassName,
}: {
  testId: string;
  state: string;
  message: string;
  signIn: string;
  linkClassName: string;
}) {
  return (
    <div className="mt-4" data-testid={testId} data-state={state}>
      <p className="rounded-md bg-amber-50 p-3 ring-1 ring-amber-300">{message}</p>
      <Link to="/login" className={`mt-4 inline-block font-medium underline ${linkClassName}`}>
        {signIn}
      </Link>
    </div>
  );
}

/**
 * The form choosing a new password for the account named by `email` (a hidden
 * username, so a password manager files the password under it): what was
 * refused, the password (with the policy's hint, "password.hint", which the
 * page's handle loads) and its confirmation, and the button saying so while
 * the form is posted. `id`: the form's; `lastResult`: the action's answer.
 */
export function NewPasswordForm({
  id,
  lastResult,
  email,
  labels,
  buttonClassName,
}: {
  id: string;
  lastResult: SubmissionResult<string[]> | undefined;
  email: string;
  labels: { password: string; confirm: string; submit: string; submitting: string };
  buttonClassName?: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useZodForm<typeof SetPasswordForm>(id, { lastResult });
  return (
    <Form method="post" {...getFormProps(form)} className="mt-6 flex flex-col gap-4">
      <FormAlert id={form.errorId} errors={form.errors} />
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <NewPasswordFields password={fields.password} confirm={fields.confirm} labels={labels} autoFocus />
      <Button
        type="submit"
        pending={navigation.state === "submitting"}
        pendingLabel={labels.submitting}
        className={buttonClassName}
      >
        {labels.submit}
      </Button>
    </Form>
  );
}
