import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroySession } from "#app/web/session.server.ts";
import { requirePost } from "#app/web/actions.server.ts";

export async function action({ request }: ActionFunctionArgs) {
  requirePost(request);
  return redirect("/login", { headers: { "Set-Cookie": await destroySession(request) } });
}

// Signing out changes state, so it is only done by POST; a visit to /logout goes home.
export function loader() {
  return redirect("/");
}
