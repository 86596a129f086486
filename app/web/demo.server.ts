import { demoSignIns } from "#app/models/demo-sign-ins.server.ts";
import { db } from "#app/utils/db.server.ts";

/** At start-up: prints the demo sign-ins when the database is the demo (see demoSignIns); never fails the start. */
export async function printDemoSignIns(log: (line: string) => void = console.log): Promise<void> {
  try {
    const lines = await demoSignIns(db());
    if (lines) log(lines.join("\n"));
  } catch (error) {
    log(`(Could not list the demo sign-ins: ${error instanceof Error ? error.message : String(error)})`);
  }
}
