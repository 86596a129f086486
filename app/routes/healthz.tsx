import { sql } from "kysely";
import { databaseFault, db } from "#app/utils/db.server.ts";

/** How long the database may take to answer before /healthz says so itself: it always answers within 2 s. */
const HEALTH_CHECK_MS = 1_500;

/** Liveness and database reachability, for load balancers and monitoring. */
export async function loader() {
  const started = performance.now();
  const headers = { "Cache-Control": "no-store" };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), HEALTH_CHECK_MS)));
  try {
    const answer = await Promise.race([sql`select 1`.execute(db()).then(() => "ok" as const), timedOut]);
    if (answer === "timeout")
      return Response.json({ status: "error", database: "no answer" }, { status: 503, headers });
    return Response.json(
      { status: "ok", database: "reachable", ms: Math.round(performance.now() - started) },
      { headers },
    );
  } catch (error) {
    return Response.json({ status: "error", database: databaseFault(error) ?? "error" }, { status: 503, headers });
  } finally {
    clearTimeout(timer);
  }
}
