import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { homeFor, requireUser } from "#app/web/auth.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  throw redirect(homeFor(user.role));
}
