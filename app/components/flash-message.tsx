import { useRouteLoaderData } from "@remix-run/react";
import type { RootData } from "#app/root.tsx";

/** The one-time confirmation after a redirect, announced politely to screen readers. */
export function FlashMessage() {
  const data = useRouteLoaderData("root") as RootData | undefined;
  const flash = data?.flash;
  return (
    <div aria-live="polite" className="empty:hidden">
      {flash ? (
        <p
          data-testid="flash"
          className={`mb-4 rounded-md px-4 py-2 text-sm font-medium ${
            flash.kind === "success" ? "bg-emerald-50 text-emerald-900 ring-1 ring-emerald-300" : "bg-red-50 text-red-900 ring-1 ring-red-300"
          }`}
        >
          {flash.message}
        </p>
      ) : null}
    </div>
  );
}
