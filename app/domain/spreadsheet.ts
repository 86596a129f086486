// Every CSV Kohtaamo writes goes through here, cell by cell: exports, and the
// import's file of rejected rows (which repeats uploaded cells).

/**
 * A cell a spreadsheet program would run as a formula starts with =, +, - or @,
 * or with a tab, carriage return or line feed before one (OWASP, "CSV Injection").
 */
const FORMULA_START = /^[=+\-@\t\r\n]/;
/** A plain number ("-12.5", "+3") is read as a number, never as a formula: it stays as it is. */
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

/**
 * The text of a CSV cell that cannot run as a formula: a value that would gets
 * an apostrophe in front (spreadsheets show the text as typed, without running it).
 */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}
