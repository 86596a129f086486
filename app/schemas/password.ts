import { z } from "zod";

// Forms that set a password. They check what the browser can check (length,
// the two entries match); the server adds the rest of the policy (common
// passwords, the person's own e-mail or name) with checkPasswordPolicy from
// app/utils/password-policy.server.ts.

export const PASSWORD_MIN = 12;
/** The upper bound keeps argon2's work per request bounded. */
export const PASSWORD_MAX = 200;

export const newPassword = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);

/** A new password typed twice: `password` and `confirm`. */
export const newPasswordFields = { password: newPassword, confirm: z.string().min(1).max(PASSWORD_MAX) };

/** The refinement that the two entries match, reported at `confirm`. */
export function passwordsMatch<T extends z.ZodType<{ password: string; confirm: string }>>(schema: T) {
  return schema.refine((v) => v.password === v.confirm, {
    path: ["confirm"],
    params: { i18n: "password.mismatch" },
    when: ({ value }) => typeof (value as { confirm?: unknown } | undefined)?.confirm === "string",
  });
}

/** Setting a first password, from a portal invitation or a set-password link. */
export const SetPasswordForm = passwordsMatch(z.object(newPasswordFields));

/** Changing one's own password: the current one, then the new one twice. */
export const ChangePasswordForm = passwordsMatch(
  z.object({ current_password: z.string().min(1).max(PASSWORD_MAX), ...newPasswordFields }),
);
