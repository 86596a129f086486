import type { ReactNode } from "react";
import { ScrollBox } from "#app/components/ui/table.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { LabelledControl } from "#app/components/ui/field.tsx";

// Pieces both import pages use: their tables and the source field.

/** A column of an ImportTable: its header, and classes beyond the padding. */
export interface ImportColumn {
  key?: string;
  label: ReactNode;
  className?: string;
}

/** The import pages' table: a grey header row, rows divided by lines, scrolling sideways on its own. */
export function ImportTable({
  columns,
  label,
  labelledBy,
  testId,
  pad = "px-3",
  className = "",
  children,
}: {
  columns: ImportColumn[];
  /** What names the scrolling box: a text, or the id of its heading. */
  label?: string;
  labelledBy?: string;
  testId?: string;
  /** The cells' side padding. */
  pad?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <ScrollBox
      label={label}
      labelledBy={labelledBy}
      className={`rounded-lg bg-white shadow-sm ring-1 ring-slate-200 ${className}`}
    >
      <table className="min-w-full text-sm" data-testid={testId}>
        <thead className="bg-slate-100 text-left">
          <tr>
            {columns.map((c, i) => (
              <th key={c.key ?? i} scope="col" className={`${pad} py-2 ${c.className ?? ""}`.trim()}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">{children}</tbody>
      </table>
    </ScrollBox>
  );
}

/** The field naming where a file comes from (remembered per source, with its mapping). */
export function SourceField({
  defaultValue,
  inputClassName,
  list,
  children,
}: {
  defaultValue: string;
  inputClassName: string;
  /** The id of a datalist of earlier sources. */
  list?: string;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <LabelledControl id="source" label={t("import.source")}>
      <input
        id="source"
        name="source"
        list={list}
        maxLength={100}
        defaultValue={defaultValue}
        className={inputClassName}
        aria-describedby="source-hint"
      />
      {children}
      <p id="source-hint" className="max-w-sm text-xs text-slate-600">
        {t("import.sourceHint")}
      </p>
    </LabelledControl>
  );
}
