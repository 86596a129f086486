import type { HTMLAttributes, ReactNode } from "react";
import { Card, CardTitle } from "./panel.tsx";

/**
 * A Card that says what it shows: its title (with what it links to beside it,
 * if anything: an export, a page), a line of introduction, then its content.
 * The experience sections (the account's and the portfolio's) are set out so.
 * Other attributes (data-*) go on the card's section.
 */
export function IntroCard({
  name,
  title,
  aside,
  intro,
  children,
  ...attributes
}: Omit<HTMLAttributes<HTMLElement>, "title"> & {
  name: string;
  title: ReactNode;
  aside?: ReactNode;
  intro: ReactNode;
  children: ReactNode;
}) {
  const heading = <CardTitle name={name}>{title}</CardTitle>;
  return (
    <Card name={name} {...attributes}>
      {aside ? (
        <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
          {heading}
          {aside}
        </div>
      ) : (
        heading
      )}
      <p className="mb-3 text-sm text-slate-700">{intro}</p>
      {children}
    </Card>
  );
}

/** What an IntroCard's `aside` says of a card whose figures can be downloaded: the link to its CSV. */
export function ExportLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} download className="text-sm text-brand-700 underline">
      {children}
    </a>
  );
}
