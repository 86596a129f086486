import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

// A real SMTP server in the test process (the `smtp-server` package): what
// Kohtaamo's transport sends arrives here over TCP and is parsed with
// `mailparser`, so tests read the mail as a mail program would. `refuse` makes
// the next deliveries fail with a given SMTP reply code (451: try later; 550: never).

export interface TestSmtp {
  url: string;
  received: ParsedMail[];
  /** Reply codes for the next deliveries, one per delivery (shifted as used). */
  refuse: number[];
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  const refuse: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const code = refuse.shift();
      simpleParser(stream)
        .then((mail) => {
          if (code) {
            const error = Object.assign(new Error(code >= 500 ? "Mailbox unavailable" : "Try again later"), { responseCode: code });
            callback(error);
            return;
          }
          received.push(mail);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
