// A worker that dies mid-import: claims the next queued import job and runs it
// until it has written the chunk that ends at row CRASH_AT_ROW, then kills its own process
// with SIGKILL (what the kernel's OOM killer or `kill -9` does: no cleanup, no
// last write). The database comes from the environment (DATABASE_URL or
// PGLITE_DATA_DIR), as for the server. Used by tests/integration/import-resilience.test.ts.
import { processNextImportJob } from "#app/models/import/worker.server.ts";

const crashAt = Number(process.env.CRASH_AT_ROW ?? "1");
const batchSize = Number(process.env.IMPORT_BATCH_SIZE ?? "10");
await processNextImportJob({
  batchSize,
  persistEveryMs: 0,
  onChunk(progress) {
    if (progress.phase === "writing" && progress.done >= crashAt) process.kill(process.pid, "SIGKILL");
  },
});
// Reached only when the job ended before CRASH_AT_ROW.
process.exit(3);
