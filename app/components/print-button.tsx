import { Link } from "#app/components/ui/link.tsx";
import { Printer } from "lucide-react";
import { useI18n } from "#app/i18n/use-i18n.ts";

// Print a page, progressively: a link to the page's print view (`?print`: the
// same content without its forms), which works without JavaScript — the reader
// then uses the browser's own Print command; with JavaScript the click opens
// the print dialog on the page as it is (the print stylesheet hides the rest).

export function PrintButton({ className = "" }: { className?: string }) {
  const { t } = useI18n();
  return (
    <a
      href="?print"
      onClick={(e) => {
        e.preventDefault();
        window.print();
      }}
      className={`inline-flex items-center gap-1 rounded-md border border-slate-400 px-3 py-1.5 text-sm print:hidden ${className}`}
      data-testid="print-button"
    >
      <Printer aria-hidden="true" className="h-4 w-4" /> {t("review.print")}
    </a>
  );
}

/** The print view's bar on the screen: how to print, and the way back to the page with its forms. */
export function PrintViewBar({ back }: { back: string }) {
  const { t } = useI18n();
  return (
    <div className="flex flex-wrap items-center gap-3 rounded-md border border-slate-300 bg-white p-3 text-sm print:hidden" data-testid="print-view-bar">
      <p className="w-full">{t("review.printViewHelp")}</p>
      <PrintButton />
      <Link to={back} className="underline">{t("review.printViewBack")}</Link>
    </div>
  );
}

/** True when the page was asked for as its print view (`?print`). */
export function isPrintView(request: Request): boolean {
  return new URL(request.url).searchParams.has("print");
}
