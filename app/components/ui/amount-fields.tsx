import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { Field } from "./field.tsx";

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
      <Field
        label={labels.amount}
        hint={labels.amountHint}
        inputProps={{ ...getInputProps(amount, { type: "text" }), inputMode: "decimal" }}
        field={amount}
      />
      <Field
        label={labels.currency}
        inputProps={{ ...getInputProps(currency, { type: "text" }), maxLength: 3 }}
        field={currency}
      />
    </>
  );
}
