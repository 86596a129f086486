import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppHeader } from "#app/components/app-header.tsx";
import { isLocale, type Locale } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { unsubscribeTexts } from "#app/web/unsubscribe-texts.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { readUnsubscribeToken, unsubscribe, unsubscribeTarget } from "#app/models/mail-preferences.server.ts";
import { UnsubscribeToken } from "#app/schemas/mail-preferences.ts";
import { db } from "#app/utils/db.server.ts";
import { requirePost } from "#app/web/actions.server.ts";
import { clientIp } from "#app/web/request.server.ts";

export const handle: PageHandle = {
  messages: pageMessages("mailPrefs.notOffered", "outbox.", "unsubscribe.", "validation."),
};

// The unsubscribe link of every mail a person may turn off: its signed token
// names the person and the kind, so no sign-in is needed. GET only asks (a mail
// scanner following links turns nothing off); POST turns the kind off — from
// the page's button, or straight from a mail program (RFC 8058 one-click:
// List-Unsubscribe-Post: List-Unsubscribe=One-Click).
//
// The page speaks the language of the person the token names (the mail's
// language), not the visitor's browser: a forwarded mail opened elsewhere
// still says what it turns off in words its recipient reads. A link that
// names nobody falls back to the visitor's language.

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const f = metaI18n(matches);
  return [...pageTitle(f, data?.texts?.title ?? f.t("unsubscribe.title")), { name: "referrer", content: "no-referrer" }];
};

async function target(token: string | undefined) {
  const parsed = UnsubscribeToken.safeParse(token);
  const named = parsed.success ? readUnsubscribeToken(parsed.data) : null;
  if (!named) return null;
  const user = await unsubscribeTarget(db(), named.userId);
  return user ? { ...named, email: user.email, locale: isLocale(user.locale) ? user.locale : null } : null;
}

// The recipient's words are written on the server (the browser has only the visitor's language's messages).
const invalid = () => data({ state: "invalid" as const, kind: null, email: null, locale: null as Locale | null, texts: null }, { status: 404 });

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await target(params.token);
  if (!found) return invalid();
  return { state: "ask" as const, kind: found.kind, email: found.email, locale: found.locale, texts: found.locale ? unsubscribeTexts(found.locale, found.kind, found.email) : null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const found = await target(params.token);
  if (!found) return invalid();
  const changed = await db()
    .transaction()
    .execute((trx) => unsubscribe(trx, { userId: found.userId, kind: found.kind }, clientIp(request)));
  return {
    state: changed ? ("done" as const) : ("already" as const),
    kind: found.kind,
    email: found.email,
    locale: found.locale,
    texts: found.locale ? unsubscribeTexts(found.locale, found.kind, found.email) : null,
  };
}

export default function UnsubscribePage() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const visitor = useI18n();
  const view = acted ?? loaded;
  const locale = isLocale(view.locale) ? view.locale : visitor.locale;
  const kind = view.kind ? visitor.t(`outbox.kind.${view.kind}`) : "";
  const own = view.texts;
  const email = view.email ?? "";
  const texts = {
    title: own?.title ?? visitor.t("unsubscribe.title"),
    invalid: own?.invalid ?? visitor.t("unsubscribe.invalid"),
    confirm: own?.confirm ?? visitor.t("unsubscribe.confirm", { kind, email }),
    button: own?.button ?? visitor.t("unsubscribe.button"),
    done: own?.done ?? visitor.t("unsubscribe.done", { kind, email }),
    already: own?.already ?? visitor.t("unsubscribe.already", { kind, email }),
    settings: own?.settings ?? visitor.t("unsubscribe.settings"),
  };
  return (
    <>
      <AppHeader user={null} />
      <main id="main" lang={locale} className="mx-auto mt-12 max-w-md px-4">
        <h1 className="text-2xl font-bold">{texts.title}</h1>
        <div className="mt-4" data-testid="unsubscribe-state" data-state={view.state}>
          {view.state === "invalid" ? (
            <p className="rounded-md bg-amber-50 p-3 ring-1 ring-amber-300">{texts.invalid}</p>
          ) : view.state === "ask" ? (
            <Form method="post" className="flex flex-col gap-4">
              <p>{texts.confirm}</p>
              <div>
                <button type="submit" className="rounded-md bg-brand-700 px-3 py-1.5 font-semibold text-white">
                  {texts.button}
                </button>
              </div>
            </Form>
          ) : (
            <p role="status" className="rounded-md bg-green-50 p-3 ring-1 ring-green-300">
              {view.state === "done" ? texts.done : texts.already}
            </p>
          )}
        </div>
        <Link to="/settings/mail" className="mt-6 inline-block font-medium text-brand-700 underline">
          {texts.settings}
        </Link>
      </main>
    </>
  );
}
