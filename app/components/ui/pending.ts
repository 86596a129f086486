import { useNavigation } from "@remix-run/react";

/**
 * Whether a form of this page is being sent: the one whose `field` (by default
 * `intent`) holds `value`, or any when no value is named. Buttons show it; the
 * form works the same without JavaScript.
 */
export function useIsPending(value?: string, field = "intent"): boolean {
  const navigation = useNavigation();
  if (navigation.state !== "submitting") return false;
  return value === undefined || navigation.formData?.get(field) === value;
}
