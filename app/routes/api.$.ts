import { apiError } from "#app/web/api.server.ts";

// Any /api/ path that no endpoint answers: a JSON 404 for every method, never a
// page (a page's form handling would refuse a cross-site POST with a 500).
const noSuchEndpoint = () =>
  apiError(404, [{ field: "", reason: "No such API endpoint: see /api/v1/openapi.json for the ones there are." }]);

export const loader = noSuchEndpoint;
export const action = noSuchEndpoint;
