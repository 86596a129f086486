import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { AdminPage } from "#app/components/admin-nav.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { FilterForm, FilterSelect } from "#app/components/ui/filter-form.tsx";
import { Table } from "#app/components/ui/table.tsx";
import { titleMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { MessageKey } from "#app/i18n/index.ts";
import { OUTBOX_STATUSES } from "#app/domain/outbox.ts";
import { getOutboxMessage, listOutbox, OutboxStateError, steerOutboxMessage } from "#app/models/outbox.server.ts";
import { wakeOutboxWorker } from "#app/models/outbox-worker.server.ts";
import { OutboxQuery, OutboxSteer } from "#app/schemas/outbox.ts";
import { db } from "#app/utils/db.server.ts";
import { appEnv } from "#app/utils/env.server.ts";
import { NotFoundError } from "#app/utils/errors.server.ts";
import { postAsAdmin } from "#app/web/actions.server.ts";
import { badRequest, notFound, requireRole } from "#app/web/auth.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { OutboxMessage } from "#app/routes/__admin/outbox-message.tsx";
import { SEND_TONE } from "#app/routes/__admin/sending.tsx";

// The outbox, for administrators: every mail Kohtaamo has written, its state
// and tries. Without SMTP_URL nothing is sent and this is where the mail is
// read. A message the worker took but could not confirm waits here for review.

export const meta: MetaFunction = titleMeta("outbox.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"] as const);
  const params = new URL(request.url).searchParams;
  const query = OutboxQuery.parse({
    status: params.get("status") || undefined,
    message: params.get("message") || undefined,
  });
  const smtp = appEnv().SMTP_URL;
  const transport = smtp ? new URL(smtp).host : null;
  if (params.get("message")) {
    if (!query.message) notFound();
    const message = await getOutboxMessage(db(), query.message);
    if (!message) notFound();
    return { transport, message, list: null };
  }
  const list = await listOutbox(db(), { status: query.status });
  return { transport, message: null, list: { ...list, status: query.status ?? "" } };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, t, ip, formData } = await postAsAdmin(request);
  const parsed = OutboxSteer.safeParse(Object.fromEntries(formData));
  if (!parsed.success) badRequest();
  const { id, intent } = parsed.data;
  const back = `/admin/outbox?message=${id}`;
  try {
    await db()
      .transaction()
      .execute((trx) => steerOutboxMessage(trx, { actor: user, ip }, id, intent));
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    if (error instanceof OutboxStateError) {
      return redirect(back, {
        headers: { "Set-Cookie": await setFlash(request, { kind: "error", message: t("outbox.notChangeable") }) },
      });
    }
    throw error;
  }
  if (intent === "resend") wakeOutboxWorker();
  const message = t(intent === "resend" ? "outbox.sentAgainMsg" : "outbox.dismissedMsg");
  return redirect(back, { headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) } });
}

export default function OutboxPage() {
  const { transport, message, list } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <AdminPage title={t("outbox.title")} intro={t("outbox.intro")}>
      <p
        className={`mt-3 rounded-md p-3 text-sm ${transport ? "bg-slate-100" : "bg-amber-50 ring-1 ring-amber-300"}`}
        data-testid="outbox-transport"
      >
        {transport ? t("outbox.configured", { host: transport }) : t("outbox.notConfigured")}
      </p>
      {message ? <OutboxMessage message={message} /> : list ? <MessageList list={list} /> : null}
    </AdminPage>
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function MessageList({ list }: { list: NonNullable<Data["list"]> }) {
  const { t, dateTime } = useI18n();
  const total = Object.values(list.counts).reduce((a, b) => a + (b ?? 0), 0);
  return (
    <section className="mt-6" aria-labelledby="outbox-list">
      <h2 id="outbox-list" className="sr-only">
        {t("outbox.title")}
      </h2>
      <FilterForm className="mb-4" submitLabel={t("outbox.filter.apply")}>
        <FilterSelect
          id="outbox-status"
          name="status"
          label={t("outbox.filter")}
          defaultValue={list.status}
          anyLabel={`${t("outbox.filter.all")} (${total})`}
          options={OUTBOX_STATUSES.map((s) => ({
            value: s,
            label: `${t(`outbox.status.${s}` as MessageKey)} (${list.counts[s] ?? 0})`,
          }))}
        />
      </FilterForm>
      <p className="mb-2 text-sm text-slate-700">{t("outbox.count", { count: list.messages.length })}</p>
      {list.messages.length === 0 ? (
        <p className="text-slate-700">{t("outbox.none")}</p>
      ) : (
        <Table
          head={[
            t("outbox.col.created"),
            t("outbox.col.to"),
            t("outbox.col.subject"),
            t("outbox.col.status"),
            t("outbox.col.attempts"),
          ]}
        >
          {list.messages.map((m) => (
            <tr key={m.id} className="border-t border-slate-200 align-top" data-testid="outbox-row">
              <td className="py-2 pr-3 whitespace-nowrap">{dateTime(m.created_at)}</td>
              <td className="py-2 pr-3 break-all">
                {m.to_name ? `${m.to_name} ` : ""}
                <span className="text-slate-600">&lt;{m.to_address}&gt;</span>
              </td>
              <td className="py-2 pr-3">
                <Link to={`/admin/outbox?message=${m.id}`} className="font-medium text-brand-700 underline">
                  {m.subject}
                </Link>
                <div className="text-xs text-slate-600">{t(`outbox.kind.${m.kind}` as MessageKey)}</div>
              </td>
              <td className="py-2 pr-3">
                <Badge tone={SEND_TONE[m.status]}>{t(`outbox.status.${m.status}` as MessageKey)}</Badge>
              </td>
              <td className="py-2 pr-3">{m.attempts}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
