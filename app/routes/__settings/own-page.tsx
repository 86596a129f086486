import { Link } from "#app/components/ui/link.tsx";
import type { ComponentProps, ReactNode } from "react";
import { AppHeader } from "#app/components/app-header.tsx";
import { FlashMessage } from "#app/components/flash-message.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";

/**
 * A page of one's own settings (password, mail), open to staff and customers
 * alike and so outside the app's layout: the header, the flash, the way back
 * home, the title and what the page is for, then the page's own content.
 */
export function OwnSettingsPage({
  user,
  home,
  title,
  intro,
  mainClassName,
  children,
}: {
  user: ComponentProps<typeof AppHeader>["user"];
  home: string;
  title: string;
  intro: string;
  /** The width and padding of the page's column. */
  mainClassName: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
      <AppHeader user={user} />
      <main id="main" className={`mx-auto mt-10 ${mainClassName}`}>
        <FlashMessage />
        <Link to={home} className="text-sm text-brand-700 underline">
          ← {t("password.back")}
        </Link>
        <h1 className="mt-2 text-2xl font-bold">{title}</h1>
        <p className="mt-2 text-slate-700">{intro}</p>
        {children}
      </main>
    </>
  );
}
