import { z } from "zod";
import { INTERNAL_ROLES } from "#app/domain/vocabulary.ts";
import { requiredText, version } from "./fields.ts";

// An administrator's forms for internal users. Passwords are never typed
// here: a new user sets their own from a one-time link.

export const CreateUserForm = z.object({
  name: requiredText(200),
  email: z.email().max(254),
  role: z.enum(INTERNAL_ROLES),
});

export const RoleForm = z.object({ role: z.enum(INTERNAL_ROLES), version });

export const StatusForm = z.object({ version });
