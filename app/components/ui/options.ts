// The choices of a select (a form's or a filter's), from a list of values.

/** The choices of a vocabulary, each labelled (usually by its message). */
export function optionsOf<V extends string | number>(values: readonly V[], label: (value: V) => string) {
  return values.map((value) => ({ value, label: label(value) }));
}
