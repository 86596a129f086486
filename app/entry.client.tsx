import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { documentLocale, RequestLocaleProvider } from "#app/i18n/request-locale.tsx";

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RequestLocaleProvider value={documentLocale()}>
        <RemixBrowser />
      </RequestLocaleProvider>
    </StrictMode>,
  );
});
