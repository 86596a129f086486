// csv-stringify (the `csv` project by Adaltas, MIT, no dependencies) quotes by
// RFC 4180: commas, quotes and line breaks in names and notes come out intact.
import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | boolean | null | undefined;

/**
 * A CSV download streamed batch by batch: the next batch is read only when the
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

function cell(value: CsvCell): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/**
 * Text users typed: a leading =, +, - or @ would run as a formula when the file
 * is opened in a spreadsheet, so such a value gets an apostrophe in front.
 */
export function safeText(value: string | null | undefined): string {
  if (!value) return "";
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
