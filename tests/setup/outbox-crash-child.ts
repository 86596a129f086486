// A mail worker that dies mid-send: takes the next due message and kills its
// own process with SIGKILL (no cleanup, no last write) at CRASH_AT — "claim":
// after taking it, before the mail server is contacted; "send": after the mail
// server accepted it, before it is marked sent. The database comes from the
// environment (DATABASE_URL or PGLITE_DATA_DIR), the mail server from
// CRASH_SMTP_URL. Used by tests/integration/outbox-crash.test.ts.
import { sendNextOutboxMessage, smtpTransport } from "#app/models/outbox-worker.server.ts";

const crashAt = process.env.CRASH_AT === "claim" ? "claim" : "send";
const die = () => {
  process.kill(process.pid, "SIGKILL");
};
await sendNextOutboxMessage({
  transport: smtpTransport(process.env.CRASH_SMTP_URL!),
  from: "Kohtaamo <noreply@pohjola.example>",
  afterClaim: crashAt === "claim" ? die : undefined,
  afterSend: crashAt === "send" ? die : undefined,
});
// Reached only when nothing was due.
process.exit(3);
