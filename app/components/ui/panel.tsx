import type { HTMLAttributes, ReactNode } from "react";

/** A titled section of a page; its heading names it for assistive technology. */
export function Panel({
  id,
  title,
  help,
  className = "max-w-3xl",
  children,
}: {
  id: string;
  title: string;
  help?: string | undefined;
  /** Width and placement; the default keeps a panel of forms readable. */
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={`${id}-heading`}
      className={`rounded-lg border border-slate-300 bg-white p-4 ${className}`}
    >
      <h2 id={`${id}-heading`} className="font-semibold">
        {title}
      </h2>
      {help ? <p className="mt-1 text-sm text-slate-700">{help}</p> : null}
      <div className="mt-3">{children}</div>
    </section>
  );
}

/** One labelled value of a description list (`<dl>`). */
export function Fact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div>
      <dt className="text-slate-600">{label}</dt>
      <dd className="font-medium">{value}</dd>
    </div>
  );
}

/**
 * A card of a page: a white section named by its title (a CardTitle with the
 * same `name`); `className` (a width) goes before its own classes, other
 * attributes (an `id` to jump to, data-*) on the section.
 */
export function Card({ name, className, ...attributes }: HTMLAttributes<HTMLElement> & { name: string }) {
  return (
    <section
      aria-labelledby={`${name}-heading`}
      className={`${className ? `${className} ` : ""}rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200`}
      {...attributes}
    />
  );
}

/** The title of the Card `name`; `small` for a card among many on one page (a KAM's page). */
export function CardTitle({ name, small = false, children }: { name: string; small?: boolean; children: ReactNode }) {
  return (
    <h2 id={`${name}-heading`} className={small ? "font-semibold" : "text-lg font-semibold"}>
      {children}
    </h2>
  );
}
