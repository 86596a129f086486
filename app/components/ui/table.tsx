import type { ReactNode } from "react";

/** A plain table of rows under a header row, scrolling sideways on a narrow screen. */
export function Table({ head, children }: { head: ReactNode[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
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
    </div>
  );
}
