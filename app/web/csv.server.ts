// csv-stringify (the `csv` project by Adaltas, MIT, no dependencies) quotes by
// RFC 4180: commas, quotes and line breaks in names and notes come out intact.
import { stringify } from "csv-stringify/sync";
import { neutraliseFormula } from "#app/domain/spreadsheet.ts";

export type CsvCell = string | number | boolean | null | undefined;

/**
 * A CSV download streamed batch by batch (every text cell neutralised: see cell): the next batch is read only when the
 * client has taken the previous one. UTF-8 with a byte-order mark, so
 * spreadsheet programs read ä, ö and € right.
 */
export function csvResponse(filename: string, header: string[], batches: AsyncGenerator<CsvCell[][]>): Response {
  const encoder = new TextEncoder();
  const line = (rows: CsvCell[][]) => stringify(rows.map((r) => r.map(cell)));
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${line([header])}`));
    },
    async pull(controller) {
      // Enqueue something on every pull (an empty batch would stall the stream).
      for (;;) {
        const next = await batches.next();
        if (next.done) return controller.close();
        if (next.value.length) return controller.enqueue(encoder.encode(line(next.value)));
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** Numbers as they are; every text cell through neutraliseFormula, whatever its column. */
function cell(value: CsvCell): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return value;
  return neutraliseFormula(value);
}
