import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { AppHeader } from "#app/components/app-header.tsx";
import { Field } from "#app/components/ui/field.tsx";

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
 * A new password and its confirmation, for the account named by `email` (a
 * hidden username, so a password manager files the password under it).
 */
export function NewPasswordFields({
  email,
  password,
  confirm,
  labels,
}: {
  email: string;
  password: FieldMetadata<string, any, string[]>;
  confirm: FieldMetadata<string, any, string[]>;
  labels: { password: string; hint: string; confirm: string };
}) {
  return (
    <>
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <Field
        label={labels.password}
        hint={labels.hint}
        inputProps={{
          ...getInputProps(password, { type: "password" }),
          autoComplete: "new-password",
          autoFocus: true,
        }}
        field={password}
      />
      <Field
        label={labels.confirm}
        inputProps={{ ...getInputProps(confirm, { type: "password" }), autoComplete: "new-password" }}
        field={confirm}
      />
    </>
  );
}
