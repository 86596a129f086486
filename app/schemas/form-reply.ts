// What an action's reply carries besides Conform's result, shared by the server
// that builds it (app/web/forms.server.ts) and the forms that show it.

/** A save that lost a race: the version now stored and the fields that differ from what was typed. */
export interface ConflictInfo {
  /** The version now in the database: saving again is a deliberate choice over theirs. */
  version: number;
  /** Fields where the saved record differs from what this user submitted. */
  changes: { field: string; value: string }[];
}
