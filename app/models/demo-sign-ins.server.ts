import type { Executor } from "#app/utils/db.server.ts";
import { verifyPassword } from "#app/utils/password.server.ts";

/** The password every demo user has (db/seed.ts). */
export const DEMO_PASSWORD = "kohtaamo-demo";

const STAFF = [
  { email: "admin@pohjola.example", what: "administrator" },
  { email: "director@pohjola.example", what: "sales director" },
  { email: "kam@pohjola.example", what: "key account manager (kam2…kam5@pohjola.example too)" },
];

/**
 * The demo sign-ins, as lines to print, when this database is the demo: the
 * demo administrator exists and still has the demo password. Otherwise null, so
 * a real installation never advertises accounts. Customers are listed with the
 * account whose portal they open.
 */
export async function demoSignIns(executor: Executor): Promise<string[] | null> {
  const admin = await executor
    .selectFrom("users")
    .select("password_hash")
    .where("email", "=", STAFF[0]!.email)
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  if (!admin || !(await verifyPassword(admin.password_hash, DEMO_PASSWORD))) return null;
  const staff = await executor
    .selectFrom("users")
    .select("email")
    .where("email", "in", STAFF.map((s) => s.email))
    .where("disabled_at", "is", null)
    .execute();
  const present = new Set(staff.map((s) => s.email));
  const customers = await executor
    .selectFrom("users as u")
    .innerJoin("portal_access as pa", "pa.user_id", "u.id")
    .innerJoin("accounts as a", "a.id", "pa.account_id")
    .select(["u.email", "a.name"])
    .where("u.role", "=", "customer")
    .where("u.email", "like", "customer@%.example")
    .where("u.disabled_at", "is", null)
    .where("pa.revoked_at", "is", null)
    .orderBy((eb) => eb.case().when("u.email", "=", "customer@kestila.example").then(0).else(1).end())
    .orderBy("a.name")
    .limit(20)
    .execute();
  const width = Math.max(...[...STAFF.map((s) => s.email), ...customers.map((c) => c.email)].map((e) => e.length)) + 2;
  return [
    `Demo sign-ins (password "${DEMO_PASSWORD}"):`,
    ...STAFF.filter((s) => present.has(s.email)).map((s) => `  ${s.email.padEnd(width)}${s.what}`),
    ...customers.map((c) => `  ${c.email.padEnd(width)}customer portal of ${c.name}`),
  ];
}
