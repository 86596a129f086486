import { Link } from "#app/components/ui/link.tsx";

/** Back to where a pooled page was opened from: the KAM's page when it shows one KAM to someone who may pick, else the portfolio. */
export function PortfolioBackLink({
  kam,
  ownOnly,
  label,
}: {
  kam: { id: string; name: string } | null;
  ownOnly: boolean;
  label: string;
}) {
  return (
    <Link
      to={kam && !ownOnly ? `/portfolio/kams/${kam.id}` : "/portfolio"}
      className="text-sm text-brand-700 underline"
    >
      ← {kam && !ownOnly ? kam.name : label}
    </Link>
  );
}
