import type { TouchpointCreateForm, TouchpointEditForm } from "#app/schemas/touchpoint.ts";
import type { useZodForm } from "#app/components/ui/zod-form.ts";

/** The touchpoint form's fields (Conform's metadata), as each part of the form takes them. */
export type TouchpointFields = ReturnType<typeof useZodForm<typeof TouchpointCreateForm | typeof TouchpointEditForm>>[1];

export interface TouchpointFormOptions {
  stakeholders: { id: string; name: string; role: string | null; title: string; left_on: string | null }[];
  users: { id: string; name: string }[];
}
