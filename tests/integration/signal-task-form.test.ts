import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createUser } from "#tests/factories/index.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { formRequest, request, sessionCookieFor } from "#tests/setup/requests.ts";

// "Create a task" from a risk signal opens on demand: the account overview and
// the risk inbox render one task form (with its staff list), the one `?task=`
// names, and a link per signal for the others. Through the whole pipeline, as
// a browser without JavaScript sees it: plain GETs and POSTs, the HTML that
// comes back, the redirect after the post.

const today = calendarDate();

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa KAM" });
  const colleague = await createUser(db(), { role: "kam", name: "Kalle Kollega" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Oy" });
  for (const [title, days] of [["Late report", -5], ["Late invoice", -9]] as const) {
    await createExpectation(db(), { account_id: account.id, title, due_date: addDays(today, days), importance: 3 });
  }
  await db().transaction().execute((trx) => refreshAccountScores(trx, account.id));
  const signals = await db().selectFrom("risk_signals").select("id").where("account_id", "=", account.id).orderBy("id").execute();
  expect(signals.length).toBeGreaterThan(1);
  return { kam, colleague, account, signal: signals[0]!, cookie: await sessionCookieFor(kam.id) };
}

type World = Awaited<ReturnType<typeof world>>;

const ownerSelects = (html: string) => html.match(/<select[^>]*name="owner_id"/g) ?? [];
const taskForms = (html: string) => html.match(/<form[^>]*data-testid="task-form"[^>]*>/g) ?? [];
const decode = (s: string) => s.replaceAll("&amp;", "&");

async function page(path: string, cookie: string) {
  const res = await handle(request(path, { cookie }));
  expect(res.status, path).toBe(200);
  return res.text();
}

/** The open task form's action and hidden fields, as the browser would post them. */
function openForm(html: string) {
  const form = taskForms(html);
  expect(form).toHaveLength(1);
  const action = decode(/action="([^"]*)"/.exec(form[0]!)![1]!);
  const start = html.indexOf(form[0]!);
  const body = html.slice(start, html.indexOf("</form>", start));
  const hidden = Object.fromEntries(
    [...body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, decode(m[2]!)]),
  );
  return { action, hidden, body };
}

const tasksOf = (accountId: string) =>
  db().selectFrom("tasks").select(["title", "origin", "signal_id", "owner_id"]).where("account_id", "=", accountId).execute();

describe("a task from a risk signal, one form per page", () => {
  it.each([
    ["the risk inbox", (_w: World) => "/risks?ack=no"],
    ["the account overview", (w: World) => `/accounts/${w.account.id}`],
  ])("%s: no owner select until ?task= names a signal, then exactly one, for that signal", async (_name, pathOf) => {
    const w = await world();
    const path = pathOf(w);
    const closed = await page(path, w.cookie);
    expect(ownerSelects(closed)).toEqual([]);
    // Each signal links to its own form: the page's parameters kept, `task` added, landing on the form.
    const { pathname, search } = new URL(path, "http://localhost");
    const href = `${pathname}${search ? `${search}&` : "?"}task=${w.signal.id}#task-signal-${w.signal.id}`;
    expect(decode(closed)).toContain(`href="${href}"`);
    expect(closed).toContain("Create a task: what will I do about it");

    const open = await page(href.split("#")[0]!, w.cookie);
    expect(ownerSelects(open)).toHaveLength(1);
    const form = openForm(open);
    expect(form.hidden).toMatchObject({ formId: `signal-${w.signal.id}`, signal_id: w.signal.id });
    expect(form.body).toContain(`<option value="${w.colleague.id}">Kalle Kollega</option>`);
    // It posts to the page as it is (filters and `task` kept), and Cancel leads back without `task`.
    expect(form.action).toBe(href.split("#")[0]);
    expect(decode(open)).toContain(`href="${pathname}${search}#task-signal-${w.signal.id}">Cancel</a>`);
  });

  it("ignores a `task` that is no signal's id, or no uuid at all", async () => {
    const w = await world();
    for (const task of ["not-a-uuid", "'; drop table tasks; --", crypto.randomUUID(), w.signal.id.toUpperCase(), ""]) {
      const q = `task=${encodeURIComponent(task)}`;
      expect(ownerSelects(await page(`/risks?${q}`, w.cookie)), task).toEqual([]);
      expect(ownerSelects(await page(`/accounts/${w.account.id}?${q}`, w.cookie)), task).toEqual([]);
    }
  });

  it("risk inbox without JavaScript: a refusal re-renders the form open with what was typed; made, the view without `task` says so", async () => {
    const w = await world();
    const { action, hidden } = openForm(await page(`/risks?ack=no&task=${w.signal.id}`, w.cookie));
    const typed = { ...hidden, title: "", due_on: addDays(today, 3), owner_id: w.colleague.id, visibility: "account" };

    const refused = await handle(formRequest(action, typed, w.cookie));
    expect(refused.status).toBe(400);
    const again = await refused.text();
    expect(ownerSelects(again)).toHaveLength(1);
    const field = `task-signal-${w.signal.id}`;
    expect(again).toMatch(new RegExp(`id="${field}-title"[^>]*aria-invalid="true"[^>]*aria-describedby="${field}-title-error"`));
    expect(again).toContain(`<p id="${field}-title-error"`);
    expect(again).toContain(`value="${addDays(today, 3)}"`);
    expect(await tasksOf(w.account.id)).toEqual([]);

    const made = await handle(formRequest(action, { ...typed, title: "Call about the report" }, w.cookie));
    expect(made.status).toBe(302);
    expect(made.headers.get("Location")).toBe("/risks?ack=no");
    expect(await tasksOf(w.account.id)).toEqual([
      { title: "Call about the report", origin: "signal", signal_id: w.signal.id, owner_id: w.colleague.id },
    ]);
    const flash = made.headers.get("Set-Cookie")!.split(";")[0]!;
    const after = await page(made.headers.get("Location")!, `${w.cookie}; ${flash}`);
    expect(after).toContain("Task created.");
    expect(ownerSelects(after)).toEqual([]);
  });

  it("account overview without JavaScript: the task is made and the page comes back with its form closed", async () => {
    const w = await world();
    const { action, hidden } = openForm(await page(`/accounts/${w.account.id}?task=${w.signal.id}`, w.cookie));
    expect(action).toBe(`/accounts/${w.account.id}?task=${w.signal.id}`);
    const made = await handle(formRequest(action, { ...hidden, title: "Visit them", visibility: "account" }, w.cookie));
    expect(made.status).toBe(302);
    // As before: the overview's signal list, without `task`.
    expect(made.headers.get("Location")).toBe(`/accounts/${w.account.id}#risk-signals`);
    expect(await tasksOf(w.account.id)).toMatchObject([{ title: "Visit them", origin: "signal", signal_id: w.signal.id }]);
    const flash = made.headers.get("Set-Cookie")!.split(";")[0]!;
    const after = await page(made.headers.get("Location")!.split("#")[0]!, `${w.cookie}; ${flash}`);
    expect(after).toContain("Task created.");
    expect(ownerSelects(after)).toEqual([]);
  });
});
