import { z } from "zod";

/** A creating form's submission id (app/models/form-submissions.server.ts). */
export const SubmissionId = z.uuid();
