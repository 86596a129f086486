import { useLocation, useNavigate } from "@remix-run/react";
import { useEffect } from "react";

const ACCOUNT_PAGE = /^\/accounts\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/|$)/i;

/** Where the quick-log key leads from a page: straight to the account's log form on an account page. */
export function quickLogTarget(pathname: string): string | null {
  // Already on a log form: the key would throw away what is being typed.
  if (pathname === "/log" || pathname.startsWith("/log/") || /\/touchpoints(\/|$)/.test(pathname)) return null;
  const account = ACCOUNT_PAGE.exec(pathname);
  return account ? `/log?account=${account[1]!.toLowerCase()}` : "/log";
}

/** Whether a key press belongs to something being typed in, not to the page. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== "function") return false;
  const element = target as HTMLElement;
  if (element.isContentEditable) return true;
  return element.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])") !== null;
}

/** Whether any form posting data holds input the user has changed and not saved. */
export function hasUnsavedInput(doc: Document): boolean {
  for (const form of Array.from(doc.forms)) {
    if (form.method.toLowerCase() !== "post") continue;
    for (const element of Array.from(form.elements)) {
      if (element instanceof HTMLInputElement) {
        if (element.type === "checkbox" || element.type === "radio") {
          if (element.checked !== element.defaultChecked) return true;
        } else if (element.type !== "hidden" && element.value !== element.defaultValue) {
          return true;
        }
      } else if (element instanceof HTMLTextAreaElement) {
        if (element.value !== element.defaultValue) return true;
      } else if (element instanceof HTMLSelectElement) {
        if (Array.from(element.options).some((o) => o.selected !== o.defaultSelected)) return true;
      }
    }
  }
  return false;
}

/**
 * The quick-log keyboard shortcut: "L" opens the log form, for the account
 * being viewed if any. Ignored while typing, with modifier keys, and on pages
 * where a form holds unsaved input.
 */
export function QuickLogShortcut() {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "l" && event.key !== "L") return;
      if (event.defaultPrevented || event.repeat || event.isComposing) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      const target = quickLogTarget(pathname);
      if (!target || hasUnsavedInput(document)) return;
      event.preventDefault();
      navigate(target);
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [navigate, pathname]);
  return null;
}
