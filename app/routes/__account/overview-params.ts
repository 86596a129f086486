// The account overview's own search parameters, read by its loader and action
// and written by its links.

/** `?signals=all`: every risk signal listed, not only the first few. */
export const SIGNALS_PARAM = "signals";
/** The signal just acknowledged: listed even when it falls past the first few, so its note is seen saved. */
export const ACKNOWLEDGED_PARAM = "acknowledged";
