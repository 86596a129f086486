import { badRequest } from "./auth.server.ts";

// The forms an action reads with a schema's safeParse (not Conform's), whose
// refusal the page shows beside each field with what was typed.

/**
 * The schema's issues as one message per field (the first; "" for the whole
 * form). An issue at a field only a tampered form gets wrong (`hidden`: the
 * intent, the record's ids) is a bad request: 400, and nothing is shown.
 */
export function messagesByField(
  issues: readonly { path: PropertyKey[]; message: string }[],
  hidden: (name: string) => boolean = () => false,
): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const issue of issues) {
    const name = String(issue.path[0] ?? "");
    if (hidden(name)) badRequest();
    messages[name] ??= issue.message;
  }
  return messages;
}
