import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { enqueueMail, steerOutboxMessage } from "#app/models/outbox.server.ts";
import { LEASE_MS, recoverInterruptedMessages, sendNextOutboxMessage, smtpTransport } from "#app/models/outbox-worker.server.ts";
import { database, db, replaceDatabase } from "#app/utils/db.server.ts";
import { createDatabase } from "#db/connection.ts";
import { migrateToLatest } from "#db/migrator.ts";
import { createUser } from "#tests/factories/index.ts";
import { startTestSmtp } from "#tests/setup/smtp.ts";

// The sending worker killed (SIGKILL, in a process of its own) between taking a
// message and marking it sent. After the restart the message is never silently
// lost and never sent twice by itself: it is put up for review, and sent again
// only when an administrator says so.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("a sending worker killed mid-send", () => {
  it("leaves the message for review, whichever side of the mail server it stopped on; it arrives once, or once after an administrator's resend", async () => {
    const server = database().driver === "postgres";
    // On the embedded database the child needs the database in a folder (one process at a time).
    const folder = server ? null : fs.mkdtempSync(path.join(os.tmpdir(), "kohtaamo-outbox-crash-"));
    const suiteDb = server ? undefined : replaceDatabase(undefined);
    const smtp = await startTestSmtp();
    const open = async () => {
      if (!folder) return;
      const d = createDatabase({ dataDir: folder });
      replaceDatabase(d);
      await migrateToLatest(d.db);
    };
    const close = async () => {
      if (!folder) return;
      await database().close();
      replaceDatabase(undefined);
    };
    const crashingWorker = async () => {
      await close();
      const env: NodeJS.ProcessEnv = { ...process.env, CRASH_AT: "send", CRASH_SMTP_URL: smtp.url };
      if (folder) env.PGLITE_DATA_DIR = folder;
      const child = spawn(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "tests/setup/outbox-crash-child.ts")], {
        cwd: root,
        env,
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("exit", (c, s) => resolve([c, s])));
      expect([signal ?? code, stderr.slice(0, 500)]).toEqual([signal ? "SIGKILL" : 137, expect.any(String)]);
      await open();
    };
    const state = (id: string) => db().selectFrom("outbox_messages").select(["status", "attempts"]).where("id", "=", id).executeTakeFirstOrThrow();
    const tries = (id: string) =>
      db().selectFrom("outbox_attempts").select(["attempt", "outcome"]).where("message_id", "=", id).orderBy("attempt").execute();
    const mail = (subject: string) =>
      enqueueMail(db(), { kind: "dispute_alert", to: "kam@pohjola.example", locale: "en", content: { subject, greeting: "Hi", paragraphs: ["x"] } });
    // The restart: on a server the lease has to run out first (the time that passed); PGlite is one process.
    const restart = () => recoverInterruptedMessages(new Date(Date.now() + (server ? LEASE_MS + 1_000 : 0)));
    const run = { transport: smtpTransport(smtp.url), from: "Kohtaamo <noreply@pohjola.example>" };
    try {
      await open();
      const admin = await createUser(db(), { role: "admin" });

      // Killed after the mail server accepted it, before it was marked sent.
      const accepted = await mail("Accepted then killed");
      await crashingWorker();
      expect(smtp.received.map((m) => m.subject)).toEqual(["Accepted then killed"]);
      expect(await state(accepted)).toEqual({ status: "sending", attempts: 1 });
      expect(await restart()).toBe(1);
      expect(await state(accepted)).toEqual({ status: "review", attempts: 1 });
      expect(await tries(accepted)).toEqual([{ attempt: 1, outcome: "interrupted" }]);
      // The restarted worker does not send it again by itself.
      expect(await sendNextOutboxMessage(run)).toBeNull();
      expect(smtp.received).toHaveLength(1);

      // Killed after taking it, before the mail server was contacted (the same state a kill leaves; the
      // stop is an exception here, to spare a second process): nothing arrived, nothing is lost.
      const taken = await mail("Taken then killed");
      await expect(
        sendNextOutboxMessage({
          ...run,
          afterClaim: () => {
            throw new Error("killed");
          },
        }),
      ).rejects.toThrow("killed");
      expect(smtp.received).toHaveLength(1);
      expect(await restart()).toBe(1);
      expect(await state(taken)).toEqual({ status: "review", attempts: 1 });
      expect(await sendNextOutboxMessage(run)).toBeNull();
      // An administrator, who sees it never arrived, sends it again: it arrives once.
      await db()
        .transaction()
        .execute((trx) => steerOutboxMessage(trx, { actor: admin }, taken, "resend"));
      expect(await sendNextOutboxMessage(run)).toEqual({ id: taken, outcome: "sent" });
      expect(await sendNextOutboxMessage(run)).toBeNull();
      expect(smtp.received.map((m) => m.subject)).toEqual(["Accepted then killed", "Taken then killed"]);
      expect(await tries(taken)).toEqual([
        { attempt: 1, outcome: "interrupted" },
        { attempt: 2, outcome: "sent" },
      ]);
    } finally {
      await smtp.close();
      if (folder) {
        await database()
          .close()
          .catch(() => {});
        replaceDatabase(suiteDb);
        fs.rmSync(folder, { recursive: true, force: true });
      }
    }
  }, 600_000);
});
