import type { FieldMetadata } from "@conform-to/react";
import { InputFor } from "./select-for.tsx";

/**
 * An amount of money and its currency (ISO code, three letters), as two
 * fields for the caller to lay out: the amount typed as a decimal, with a hint
 * on how to write it.
 */
export function AmountFields({
  amount,
  currency,
  labels,
}: {
  amount: FieldMetadata<any, any, string[]>;
  currency: FieldMetadata<any, any, string[]>;
  labels: { amount: string; amountHint: string; currency: string };
}) {
  return (
    <>
      <InputFor meta={amount} label={labels.amount} type="text" hint={labels.amountHint} inputMode="decimal" />
      <InputFor meta={currency} label={labels.currency} type="text" maxLength={3} />
    </>
  );
}
