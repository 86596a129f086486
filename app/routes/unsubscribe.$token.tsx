import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { AppHeader } from "#app/components/app-header.tsx";
import { createFormatters, isLocale, type Locale } from "#app/i18n/format.ts";
import type { PageMessages } from "#app/i18n/page-messages.ts";
import { routesMessages, sentMessages } from "#app/web/page-messages.server.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { linkPageHead, metaI18n } from "#app/i18n/meta.ts";
import { readUnsubscribeToken, unsubscribe, unsubscribeTarget } from "#app/models/mail-preferences.server.ts";
import { UnsubscribeToken } from "#app/schemas/mail-preferences.ts";
import { db } from "#app/utils/db.server.ts";
import { requirePost } from "#app/web/actions.server.ts";
import { clientIp } from "#app/web/request.server.ts";

/** The page's messages in the recipient's language (sent with the loader's data, not the catalogues). */
const ownMessages = (locale: Locale | null): PageMessages | null =>
  locale ? sentMessages(locale, routesMessages(["root", "routes/unsubscribe.$token"])).messages : null;

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
  const f = isLocale(data?.locale) && data.messages ? createFormatters(data.locale, data.messages) : metaI18n(matches);
  return linkPageHead(f, "unsubscribe.title");
};

async function target(token: string | undefined) {
  const parsed = UnsubscribeToken.safeParse(token);
  const named = parsed.success ? readUnsubscribeToken(parsed.data) : null;
  if (!named) return null;
  const user = await unsubscribeTarget(db(), named.userId);
  return user ? { ...named, email: user.email, locale: isLocale(user.locale) ? user.locale : null } : null;
}

const invalid = () =>
  data(
    {
      state: "invalid" as const,
      kind: null,
      email: null,
      locale: null as Locale | null,
      messages: null as PageMessages | null,
    },
    { status: 404 },
  );

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await target(params.token);
  if (!found) return invalid();
  return {
    state: "ask" as const,
    kind: found.kind,
    email: found.email,
    locale: found.locale,
    messages: ownMessages(found.locale),
  };
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
    messages: ownMessages(found.locale),
  };
}

export default function UnsubscribePage() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const visitor = useI18n();
  const view = acted ?? loaded;
  const locale = isLocale(view.locale) ? view.locale : visitor.locale;
  const { t } = isLocale(view.locale) && view.messages ? createFormatters(view.locale, view.messages) : visitor;
  const kind = view.kind ? t(`outbox.kind.${view.kind}`) : "";
  return (
    <>
      <AppHeader user={null} />
      <main id="main" lang={locale} className="mx-auto mt-12 max-w-md px-4">
        <h1 className="text-2xl font-bold">{t("unsubscribe.title")}</h1>
        <div className="mt-4" data-testid="unsubscribe-state" data-state={view.state}>
          {view.state === "invalid" ? (
            <p className="rounded-md bg-amber-50 p-3 ring-1 ring-amber-300">{t("unsubscribe.invalid")}</p>
          ) : view.state === "ask" ? (
            <Form method="post" className="flex flex-col gap-4">
              <p>{t("unsubscribe.confirm", { kind, email: view.email ?? "" })}</p>
              <div>
                <button type="submit" className="rounded-md bg-brand-700 px-3 py-1.5 font-semibold text-white">
                  {t("unsubscribe.button")}
                </button>
              </div>
            </Form>
          ) : (
            <p role="status" className="rounded-md bg-green-50 p-3 ring-1 ring-green-300">
              {t(view.state === "done" ? "unsubscribe.done" : "unsubscribe.already", { kind, email: view.email ?? "" })}
            </p>
          )}
        </div>
        <Link to="/settings/mail" className="mt-6 inline-block font-medium text-brand-700 underline">
          {t("unsubscribe.settings")}
        </Link>
      </main>
    </>
  );
}
