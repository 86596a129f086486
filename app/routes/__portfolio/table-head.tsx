import type { ReactNode } from "react";

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
