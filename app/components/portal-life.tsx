import { Panel } from "#app/components/ui/panel.tsx";
import type { MessageKey } from "#app/i18n/index.ts";
import { PORTAL_ACTION_TITLE_KEYS } from "#app/i18n/portal-action-titles.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

/** One portal user's life in the portal, as the KAM sees it. */
export interface PortalLifeView {
  user_id: string;
  name: string;
  email: string;
  stakeholder_name: string;
  access_since: Date | string;
  revoked_at: Date | string | null;
  invited_at: Date | string | null;
  last_sign_in_at: Date | string | null;
  actions: number | null;
  last_action_at: Date | string | null;
  last_action: string | null;
}

/** Per portal user: invited, last signed in, actions taken; per account: deliveries awaiting the customer's confirmation. */
export function PortalLife({
  life,
  awaiting,
}: {
  life: PortalLifeView[];
  awaiting: { count: number; oldest: string | null };
}) {
  const { t, date } = useI18n();
  const actionName = (key: string | null): string =>
    (PORTAL_ACTION_TITLE_KEYS as readonly string[]).includes(key ?? "")
      ? t(`portalLife.action.${key}` as MessageKey)
      : t("portalLife.action.other");
  return (
    <Panel id="portal-life" title={t("portalLife.title")} className="">
      <p className="text-sm text-slate-700">{t("portalLife.intro")}</p>
      <p className="mt-2 font-medium" data-testid="portal-life-awaiting" data-count={awaiting.count}>
        {t("portalLife.awaiting", { count: awaiting.count, date: date(awaiting.oldest) })}
      </p>
      {life.length ? (
        <ul className="mt-3 flex flex-col gap-2">
          {life.map((p) => (
            <li key={p.user_id} className="rounded-md border border-slate-200 p-3" data-testid="portal-life-user">
              <p className="font-medium break-words">
                {p.stakeholder_name} <span className="font-normal break-all text-slate-600">· {p.email}</span>
              </p>
              <p className="text-sm text-slate-800">
                {p.invited_at
                  ? t("portalLife.invited", { date: date(p.invited_at) })
                  : t("portalLife.accessSince", { date: date(p.access_since) })}
                {" · "}
                {p.last_sign_in_at
                  ? t("portalLife.lastSignIn", { date: date(p.last_sign_in_at) })
                  : t("portalLife.neverSignedIn")}
                {p.revoked_at ? ` · ${t("portalLife.revoked", { date: date(p.revoked_at) })}` : ""}
              </p>
              <p className="text-sm text-slate-800">
                {t("portalLife.actions", { count: p.actions ?? 0 })}
                {p.last_action_at
                  ? ` · ${t("portalLife.lastAction", { action: actionName(p.last_action), date: date(p.last_action_at) })}`
                  : ""}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-slate-700">{t("portalLife.none")}</p>
      )}
    </Panel>
  );
}
