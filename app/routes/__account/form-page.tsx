import type { ReactNode } from "react";
import { Link } from "@remix-run/react";

/**
 * A page that is one form (a new person, expectation or touchpoint): a link
 * back (← where it leads), the page's title, then what is given (the form).
 */
export function FormPage({
  back,
  backLabel,
  title,
  children,
}: {
  back: string;
  backLabel: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <div>
      <Link to={back} className="text-sm text-brand-700 underline">
        ← {backLabel}
      </Link>
      <h1 className="mb-6 mt-2 text-2xl font-bold">{title}</h1>
      {children}
    </div>
  );
}
