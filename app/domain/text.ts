// What a text field may hold: anything a person can type, in any script,
// injection attempts included (they are data, escaped wherever they go), but
// not control characters nor broken UTF-16. PostgreSQL cannot store NUL in text
// at all, nor a lone surrogate in jsonb (the audit log keeps before/after
// values there), so letting them through would fail the write.

/** C0 control characters other than tab, line feed and carriage return; and DEL. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Half of a surrogate pair without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string is well-formed text without control characters (tab and line breaks allowed). */
export function isPlainText(value: string): boolean {
  return !CONTROL.test(value) && !LONE_SURROGATE.test(value);
}
