import { Fragment, type ReactNode } from "react";

// What the admin pages of the two send queues (the mail outbox, webhook
// deliveries) show alike: the tone of a state, and the facts of one item.

/** The badge tone of a queued item's state (outbox messages and webhook deliveries share the states). */
export const SEND_TONE = {
  pending: "info",
  sending: "info",
  sent: "good",
  failed: "bad",
  review: "warn",
  cancelled: "neutral",
} as const;

/** One row of a FactList; a falsy entry is left out. */
export interface FactRow {
  label: string;
  value: ReactNode;
  className?: string;
}

/** Labelled values side by side (a description list in two columns). */
export function FactList({
  facts,
  className = "",
}: {
  facts: (FactRow | null | false | "" | undefined)[];
  className?: string;
}) {
  return (
    <dl className={`grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm ${className}`.trim()}>
      {facts.map((f) =>
        f ? (
          <Fragment key={f.label}>
            <dt className="font-medium">{f.label}</dt>
            <dd className={f.className}>{f.value}</dd>
          </Fragment>
        ) : null,
      )}
    </dl>
  );
}
