import { portfolioOwnerScope } from "#app/domain/permissions.ts";
import { getAccountManager } from "#app/models/portfolio-kam.server.ts";
import { PortfolioFilterSchema } from "#app/schemas/portfolio.ts";
import { db } from "#app/utils/db.server.ts";
import { notFound, requireInternalUser } from "./auth.server.ts";

/**
 * The member of staff asking and whose live accounts a pooled portfolio page
 * shows: the whole portfolio, or one KAM's (?kam=). A KAM sees their own
 * accounts only, whatever the URL says (portfolioOwnerScope), as on the
 * portfolio. The 404 when the owner is nobody who can own accounts. The URL's
 * other parameters come back for the page's own parsing.
 */
export async function requirePortfolioOwner(request: Request) {
  const user = await requireInternalUser(request);
  const params = new URL(request.url).searchParams;
  const kamParam = PortfolioFilterSchema.shape.kam.safeParse(params.get("kam"));
  const own = portfolioOwnerScope(user);
  const ownerId = own ?? (kamParam.success ? (kamParam.data ?? null) : null);
  const kam = ownerId ? await getAccountManager(db(), ownerId) : null;
  if (ownerId && !kam) notFound("error.noKam");
  return { user, params, ownerId, ownOnly: own !== null, kam: kam ? { id: kam.id, name: kam.name } : null };
}
