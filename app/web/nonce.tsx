import { createContext, useContext, type ReactNode } from "react";

// The per-request Content-Security-Policy nonce. Set on the server around
// <RemixServer>; in the browser it is empty (browsers hide nonce attributes
// from scripts, and hydration does not need it).
const NonceContext = createContext("");

export function NonceProvider({ value, children }: { value: string; children: ReactNode }) {
  return <NonceContext.Provider value={value}>{children}</NonceContext.Provider>;
}

export function useNonce(): string {
  return useContext(NonceContext);
}
