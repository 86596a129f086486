import type { ReactNode } from "react";
import { Link } from "#app/components/ui/link.tsx";

/** A page head that leads back: where to (`back`), said as `backLabel`; the page's `title`. */
interface HeadProps {
  back: string;
  backLabel: string;
  title: string;
  children?: ReactNode;
}

function BackLink({ back, backLabel }: Pick<HeadProps, "back" | "backLabel">) {
  return (
    <Link to={back} className="text-sm text-brand-700 underline">
      ← {backLabel}
    </Link>
  );
}

/**
 * A page that is one form (a new person, expectation or touchpoint): a link
 * back, the page's title, then what is given (the form).
 */
export function FormPage(head: HeadProps) {
  return (
    <div>
      <BackLink back={head.back} backLabel={head.backLabel} />
      <h1 className="mb-6 mt-2 text-2xl font-bold">{head.title}</h1>
      {head.children}
    </div>
  );
}

/**
 * The head of a page of one thing on an account (a person, an expectation, the
 * committee): a link back, then the page's title in a row with what stands
 * beside it (badges, buttons).
 */
export function TitleRow(head: HeadProps) {
  return (
    <>
      <BackLink back={head.back} backLabel={head.backLabel} />
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">{head.title}</h1>
        {head.children}
      </div>
    </>
  );
}
