import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { LabelledControl } from "./ui/field.tsx";
import { BandedTable, ScrollBox } from "./ui/table.tsx";

// The pieces both token pages share: the new token (shown once), the create
// form and the list with a revoke button per active token.

export function NewToken({ token }: { token: { name: string; value: string } | null }) {
  const { t } = useI18n();
  if (!token) return null;
  return (
    <div role="status" className="mt-4 rounded-lg bg-emerald-50 p-4 ring-1 ring-emerald-200">
      <p className="font-semibold">{t("apiTokens.created")}</p>
      <p className="mt-2 text-sm">{token.name}</p>
      <code className="mt-1 block break-all rounded bg-white p-2 font-mono text-sm ring-1 ring-emerald-200" data-testid="new-token">
        {token.value}
      </code>
    </div>
  );
}

const input = "rounded-md border border-slate-400 bg-white px-3 py-2";

/** Name and scope (and whatever `extra` fields a page adds); errors next to their field. */
export function TokenForm(props: {
  errors: Record<string, string>;
  name: string;
  nameHint: string;
  pending: boolean;
  /** Changes when a token was created, so the form starts empty again. */
  resetKey: string;
  extra?: ReactNode;
}) {
  const { t } = useI18n();
  const { errors } = props;
  return (
    <Form key={props.resetKey} method="post" className="mt-6 flex flex-wrap items-end gap-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <LabelledControl id="name" label={t("apiTokens.name")}>
        <input
          id="name"
          name="name"
          required
          maxLength={100}
          defaultValue={props.name}
          className={input}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby="name-hint name-error"
        />
        <p id="name-hint" className="text-xs text-slate-600">{props.nameHint}</p>
        <p id="name-error" className="text-sm text-red-800" role="alert">{errors.name ?? ""}</p>
      </LabelledControl>
      <LabelledControl id="scope" label={t("apiTokens.scope")}>
        <select id="scope" name="scope" defaultValue="read" className={input}>
          <option value="read">{t("apiTokens.scope.read")}</option>
          <option value="read_write">{t("apiTokens.scope.read_write")}</option>
        </select>
      </LabelledControl>
      {props.extra}
      <button type="submit" name="intent" value="create" disabled={props.pending} className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white disabled:opacity-60">
        {t("apiTokens.create")}
      </button>
    </Form>
  );
}

export { input as tokenInputClass };

export interface TokenRow {
  id: string;
  name: string;
  scope: "read" | "read_write";
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
  /** Whom the token acts as, shown when the list mixes users' tokens. */
  actsAs?: string;
  createdBy?: string | null;
}

export function TokenList({ tokens, showActsAs }: { tokens: TokenRow[]; showActsAs: boolean }) {
  const { t, dateTime } = useI18n();
  if (tokens.length === 0) return <p className="mt-2 text-slate-700">{t("apiTokens.none")}</p>;
  return (
    <ScrollBox label={t("apiTokens.list")} className="mt-2 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <BandedTable
        names={[
          t("apiTokens.name"),
          ...(showActsAs ? [t("apiTokens.actsAs")] : []),
          t("apiTokens.scope"),
          t("apiTokens.col.created"),
          t("apiTokens.col.lastUsed"),
          t("apiTokens.col.state"),
        ]}
        testId="token-list"
      >
        {tokens.map((token) => (
          <tr key={token.id}>
            <td className="px-3 py-2">{token.name}</td>
            {showActsAs ? <td className="px-3 py-2">{token.actsAs}</td> : null}
            <td className="px-3 py-2">{t(`apiTokens.scope.${token.scope}`)}</td>
            <td className="px-3 py-2 whitespace-nowrap">
              {dateTime(token.created_at)}
              {token.createdBy ? ` · ${token.createdBy}` : ""}
            </td>
            <td className="px-3 py-2 whitespace-nowrap">{token.last_used_at ? dateTime(token.last_used_at) : t("apiTokens.never")}</td>
            <td className="px-3 py-2">
              {token.revoked_at ? (
                t("apiTokens.revoked", { date: dateTime(token.revoked_at) })
              ) : (
                <Form method="post" className="flex items-center gap-2">
                  <span>{t("apiTokens.active")}</span>
                  <input type="hidden" name="id" value={token.id} />
                  <button type="submit" name="intent" value="revoke" className="rounded border border-red-700 px-2 py-0.5 text-red-800">
                    {t("apiTokens.revoke")}
                  </button>
                </Form>
              )}
            </td>
          </tr>
        ))}
      </BandedTable>
    </ScrollBox>
  );
}
