import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { titleMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { appLink, feedPath, feedStatus, regenerateFeed, revokeFeed } from "#app/models/calendar.server.ts";
import { CalendarIntent } from "#app/schemas/calendar.ts";
import { db } from "#app/utils/db.server.ts";
import { postAs } from "#app/web/actions.server.ts";
import { badRequest, requireInternalUser } from "#app/web/auth.server.ts";
import { setFlash } from "#app/web/flash.server.ts";

// A member of staff's own private calendar feed (app/models/calendar.server.ts):
// whether it is on, since when and when it was last read; create or replace its
// address (shown once, in this response only: only its hash is stored) or turn
// it off. Nobody manages another's feed.

export const meta: MetaFunction = titleMeta("calendar.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const status = await feedStatus(db(), user.id);
  return {
    feed: status
      ? { since: status.created_at.toISOString(), lastRead: status.last_read_at?.toISOString() ?? null }
      : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, t, ip, formData } = await postAs(request, requireInternalUser);
  const parsed = CalendarIntent.safeParse(Object.fromEntries(formData));
  if (!parsed.success) badRequest();
  if (parsed.data.intent === "revoke") {
    const revoked = await db()
      .transaction()
      .execute((trx) => revokeFeed(trx, user, ip));
    return redirect("/settings/calendar", {
      headers: {
        "Set-Cookie": await setFlash(request, {
          kind: "success",
          message: t(revoked ? "calendar.revoked" : "calendar.alreadyOff"),
        }),
      },
    });
  }
  const token = await db()
    .transaction()
    .execute((trx) => regenerateFeed(trx, user, ip));
  // Shown in this response only; never stored in clear, never in a redirect or cookie.
  return data({ address: appLink(feedPath(token)) }, { headers: { "Cache-Control": "no-store" } });
}

export default function CalendarSettingsPage() {
  const { feed } = useLoaderData<typeof loader>();
  const created = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, date, dateTime } = useI18n();
  const pending = navigation.state !== "idle";
  const button = "rounded-md px-3 py-2 font-semibold disabled:opacity-60";
  return (
    <div className="max-w-3xl">
      <h1 className="text-2xl font-bold">{t("calendar.title")}</h1>
      <p className="mt-2 max-w-prose text-slate-700">{t("calendar.intro")}</p>
      {created?.address ? (
        <div role="status" className="mt-4 rounded-lg bg-emerald-50 p-4 ring-1 ring-emerald-200">
          <p className="font-semibold">{t("calendar.created")}</p>
          <label className="mt-2 block text-sm font-medium" htmlFor="feed-address">
            {t("calendar.addressLabel")}
          </label>
          <input
            id="feed-address"
            readOnly
            value={created.address}
            data-testid="feed-address"
            className="mt-1 w-full rounded border border-emerald-300 bg-white p-2 font-mono text-sm"
          />
          <p className="mt-2 text-sm text-slate-700">{t("calendar.howTo")}</p>
        </div>
      ) : null}
      <section className="mt-6 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-labelledby="feed-state">
        <h2 id="feed-state" className="font-semibold">
          {feed ? t("calendar.since", { date: date(feed.since) }) : t("calendar.none")}
        </h2>
        {feed ? (
          <p className="mt-1 text-sm text-slate-700">
            {feed.lastRead ? t("calendar.lastRead", { when: dateTime(feed.lastRead) }) : t("calendar.neverRead")}
          </p>
        ) : null}
        <div className="mt-4 flex flex-wrap gap-3">
          <Form method="post">
            <input type="hidden" name="intent" value="regenerate" />
            <button type="submit" disabled={pending} className={`${button} bg-brand-700 text-white`}>
              {feed ? t("calendar.regenerate") : t("calendar.create")}
            </button>
          </Form>
          {feed ? (
            <Form method="post">
              <input type="hidden" name="intent" value="revoke" />
              <button
                type="submit"
                disabled={pending}
                className={`${button} bg-white text-red-800 ring-1 ring-red-300`}
              >
                {t("calendar.revoke")}
              </button>
            </Form>
          ) : null}
        </div>
        {feed ? <p className="mt-2 text-sm text-slate-700">{t("calendar.regenerateHint")}</p> : null}
      </section>
    </div>
  );
}
