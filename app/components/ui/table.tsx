import { Link } from "#app/components/ui/link.tsx";
import type { ReactNode } from "react";

/**
 * A box that scrolls sideways on its own when what it holds is wider than the
 * screen, so the page itself never does. It is a named group in the tab order,
 * so a keyboard can scroll it too (axe: scrollable-region-focusable); not a
 * landmark, since the section around it usually carries the same name. It is
 * positioned, so visually hidden text inside it (absolutely positioned) stays
 * inside it rather than widening the page.
 */
export function ScrollBox({
  labelledBy,
  label,
  className = "",
  children,
}: {
  /** The id of the heading that names what scrolls (or `label`). */
  labelledBy?: string | undefined;
  label?: string | undefined;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      role="group"
      aria-labelledby={labelledBy}
      aria-label={label}
      tabIndex={0}
      className={`relative overflow-x-auto ${className}`}
    >
      {children}
    </div>
  );
}

/** A plain table of rows under a header row, scrolling sideways inside its own box on a narrow screen. */
export function Table({
  head,
  labelledBy,
  testId,
  children,
}: {
  head: ReactNode[];
  /** The id of the heading that names the table's scrolling box. */
  labelledBy?: string;
  /** The table's data-testid, for a test that reads it. */
  testId?: string;
  children: ReactNode;
}) {
  return (
    <ScrollBox labelledBy={labelledBy}>
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead>
          <tr className="text-slate-600">
            {head.map((h, i) => (
              <th key={i} scope="col" className="pb-2 pr-3 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </ScrollBox>
  );
}

/**
 * The header row of a table of figures, on its grey band: first the columns
 * that name a row, then the figures' columns, right-aligned as their numbers are.
 */
export function TableHead({ names, figures = [] }: { names: ReactNode[]; figures?: ReactNode[] }) {
  return (
    <thead className="bg-slate-100 text-left">
      <tr>
        {names.map((label, i) => (
          <th key={`name-${i}`} scope="col" className="px-3 py-2">
            {label}
          </th>
        ))}
        {figures.map((label, i) => (
          <th key={`figure-${i}`} scope="col" className="px-3 py-2 text-right">
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/**
 * A table of records under the grey band of TableHead, its rows (`children`)
 * divided by lines. Put it in a box that scrolls sideways where it may be wide.
 */
export function BandedTable({
  names,
  figures,
  testId,
  children,
}: {
  names: ReactNode[];
  figures?: ReactNode[];
  /** The table's data-testid, for a test that reads it. */
  testId?: string;
  children: ReactNode;
}) {
  return (
    <table className="min-w-full text-sm" data-testid={testId}>
      <TableHead names={names} figures={figures} />
      <tbody className="divide-y divide-slate-200">{children}</tbody>
    </table>
  );
}

/** The name that opens a table row's record (an account, an expectation, a KAM): a link to its page. */
export function RowTitleLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className="font-medium text-brand-700 underline-offset-2 hover:underline">
      {children}
    </Link>
  );
}
