import { expect } from "vitest";
import type { ColumnMapping, ImportKind } from "#app/domain/import/fields.ts";
import type { Actor } from "#app/domain/permissions.ts";
import { createImportJob, getImportJob, queueImportJob, saveImportMapping } from "#app/models/import/jobs.server.ts";
import { importTranslator, reasonText } from "#app/models/import/messages.server.ts";
import type { ImportMode } from "#app/models/import/shared.server.ts";
import { processNextImportJob, type ImportRunOptions } from "#app/models/import/worker.server.ts";
import { db } from "#app/utils/db.server.ts";

const t = importTranslator("en");

/** Uploads a file as `actor`, maps it (suggested mapping + `mapping`), queues it and runs it; the finished job, reasons in English. */
export async function runImport(
  actor: Actor,
  kind: ImportKind,
  text: string,
  options: { mode?: ImportMode; mapping?: ColumnMapping; source?: string; run?: ImportRunOptions } = {},
) {
  const id = await queueImport(actor, kind, text, options);
  expect(await processNextImportJob(options.run)).toBe(id);
  const job = await getImportJob(db(), actor, id);
  // Reasons are stored as messages and read in the reader's language: here English.
  return { ...job, errors: job.errors.map(({ key, params, ...e }) => ({ ...e, reason: reasonText(t, { key, params }) })) };
}

/** Uploads, maps and queues a file; the job's id. */
export async function queueImport(
  actor: Actor,
  kind: ImportKind,
  text: string,
  options: { mode?: ImportMode; mapping?: ColumnMapping; source?: string } = {},
) {
  const id = await createImportJob(db(), actor, { kind, source: options.source ?? "", fileName: `${kind}.csv`, text });
  const draft = await getImportJob(db(), actor, id);
  await saveImportMapping(db(), actor, id, {
    mapping: { ...draft.mapping, ...options.mapping },
    mode: options.mode ?? "all_or_nothing",
    source: options.source ?? "",
  });
  const queued = await queueImportJob(db(), actor, id);
  expect(queued).toMatchObject({ queued: true, missing: [] });
  return id;
}
