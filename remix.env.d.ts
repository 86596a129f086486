/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

// Single fetch: loader and action data types are inferred without JSON serialization.
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
export {};
