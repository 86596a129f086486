import { sql } from "kysely";
import { db } from "#app/utils/db.server.ts";

/** Liveness and database reachability, for load balancers and monitoring. */
export async function loader() {
  const started = performance.now();
  try {
    await sql`select 1`.execute(db());
    return Response.json({ status: "ok", database: "reachable", ms: Math.round(performance.now() - started) });
  } catch {
    return Response.json({ status: "error", database: "unreachable" }, { status: 503 });
  }
}
