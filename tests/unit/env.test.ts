import { describe, expect, it } from "vitest";
import { inboundDomain, parseEnv } from "#app/utils/env.server.ts";

describe("the environment", () => {
  it("has defaults for every variable the server reads", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      NODE_ENV: "development",
      PORT: 3000,
      HOST: "127.0.0.1",
      REQUEST_LOG: true,
      SCORE_REFRESH: true,
      SECURE_COOKIES: false,
      SIGN_IN_RATE_LIMIT: 10,
      INVITATION_RATE_LIMIT: 10,
      API_RATE_LIMIT_PER_MINUTE: 600,
      PGLITE_DATA_DIR: ".data/pglite",
      DATABASE_POOL_MAX: 10,
    });
    expect(env.TRUST_PROXY).toBeUndefined();
  });

  it("reads TRUST_PROXY as Express's trust proxy: true, a hop count, or addresses", () => {
    expect(parseEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "loopback, 10.0.0.0/8" }).TRUST_PROXY).toBe("loopback, 10.0.0.0/8");
    expect(parseEnv({ TRUST_PROXY: "" }).TRUST_PROXY).toBeUndefined();
  });

  it("reads COMPRESSION as a gzip level or off, level 4 by default, and names what it takes", () => {
    expect(parseEnv({}).COMPRESSION).toBe(4);
    expect(parseEnv({ COMPRESSION: "1" }).COMPRESSION).toBe(1);
    expect(parseEnv({ COMPRESSION: "9" }).COMPRESSION).toBe(9);
    expect(parseEnv({ COMPRESSION: "off" }).COMPRESSION).toBe(false);
    for (const bad of ["0", "10", "fast", "on"])
      expect(() => parseEnv({ COMPRESSION: bad })).toThrow(/COMPRESSION must be off or a gzip level from 1 to 9/);
  });

  it("turns switches off and reads numbers", () => {
    const env = parseEnv({ REQUEST_LOG: "off", SCORE_REFRESH: "false", PORT: "8080", HOST: "0.0.0.0", API_RATE_LIMIT_PER_MINUTE: "60" });
    expect(env).toMatchObject({ REQUEST_LOG: false, SCORE_REFRESH: false, PORT: 8080, HOST: "0.0.0.0", API_RATE_LIMIT_PER_MINUTE: 60 });
  });

  it("reads the mail settings: SMTP_URL needs MAIL_FROM and APP_URL; without it mail stays in the outbox", () => {
    expect(parseEnv({}).SMTP_URL).toBeUndefined();
    expect(parseEnv({ SMTP_URL: "" }).SMTP_URL).toBeUndefined();
    const env = parseEnv({ SMTP_URL: "smtp://u:p@mail.example:587", MAIL_FROM: "Kohtaamo <noreply@example.com>", APP_URL: "https://k.example.com" });
    expect(env).toMatchObject({ SMTP_URL: "smtp://u:p@mail.example:587", MAIL_FROM: "Kohtaamo <noreply@example.com>", MAIL_RATE_LIMIT_PER_HOUR: 20 });
    expect(() => parseEnv({ SMTP_URL: "smtp://mail.example" })).toThrow(/MAIL_FROM[\s\S]*APP_URL/);
    expect(() => parseEnv({ SMTP_URL: "http://mail.example", MAIL_FROM: "a@b.c", APP_URL: "https://k.example" })).toThrow(/SMTP_URL/);
    expect(() => parseEnv({ MAIL_FROM: "Eve\nBcc: <a@b.c>" })).toThrow(/MAIL_FROM/);
    expect(() => parseEnv({ APP_URL: "javascript:alert(1)" })).toThrow(/APP_URL/);
  });

  it("reads mail in: off without INBOUND_SMTP_PORT; the domain from INBOUND_DOMAIN, else APP_URL's host", () => {
    const off = parseEnv({});
    expect(off).toMatchObject({ INBOUND_SMTP_HOST: "127.0.0.1", INBOUND_MAIL_MAX_BYTES: 1_048_576, INBOUND_MAIL_RATE_LIMIT_PER_HOUR: 60 });
    expect(off.INBOUND_SMTP_PORT).toBeUndefined();
    expect(inboundDomain(off)).toBe("localhost");
    expect(parseEnv({ INBOUND_SMTP_PORT: "2525" }).INBOUND_SMTP_PORT).toBe(2525);
    expect(inboundDomain(parseEnv({ APP_URL: "https://Kohtaamo.example.com/" }))).toBe("kohtaamo.example.com");
    expect(inboundDomain(parseEnv({ APP_URL: "https://kohtaamo.example.com", INBOUND_DOMAIN: "In.Example.com" }))).toBe("in.example.com");
    expect(() => parseEnv({ INBOUND_SMTP_PORT: "smtp" })).toThrow(/INBOUND_SMTP_PORT/);
    expect(() => parseEnv({ INBOUND_DOMAIN: "not a domain" })).toThrow(/INBOUND_DOMAIN/);
  });

  it("refuses a value out of range, naming the variable", () => {
    expect(() => parseEnv({ PORT: "70000" })).toThrow(/PORT/);
    expect(() => parseEnv({ REQUEST_LOG: "maybe" })).toThrow(/REQUEST_LOG/);
    expect(() => parseEnv({ API_RATE_LIMIT_PER_MINUTE: "lots" })).toThrow(/API_RATE_LIMIT_PER_MINUTE/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
  });
});
