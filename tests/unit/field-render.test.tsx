import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { FieldMetadata } from "@conform-to/react";
import { RadioGroup } from "#app/components/ui/choice-fields.tsx";
import { Field, SelectField, TextareaField } from "#app/components/ui/field.tsx";
import { InputFor } from "#app/components/ui/select-for.tsx";

// A field's hint and its errors are announced with its control: the control's
// aria-describedby names the element that holds each of them.

/** The ids the element with `id` is described by, and the element each id names. */
function described(html: string, id: string) {
  const control = new RegExp(`<(?:input|select|textarea)[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0] ?? "";
  const ids = /aria-describedby="([^"]*)"/.exec(control)?.[1]?.split(" ") ?? [];
  return ids.map((ref) => ({ ref, element: new RegExp(`<(\\w+)[^>]*\\bid="${ref}"[^>]*>([^<]*)`).exec(html) }));
}

const clean = { errorId: "f-name-error", errors: undefined };
const refused = { errorId: "f-name-error", errors: ["Required"] };

describe("a form field's hint and errors", () => {
  it("announce the hint with the control", () => {
    const html = renderToStaticMarkup(
      <Field label="Name" field={clean} inputProps={{ id: "f-name", name: "name" }} hint="As on the contract" />,
    );
    const refs = described(html, "f-name");
    expect(refs.map((r) => r.ref)).toEqual(["f-name-hint"]);
    expect(refs[0]!.element?.[2]).toBe("As on the contract");
  });

  it("announce both the hint and the errors when the field is refused", () => {
    // As Conform's getInputProps gives an invalid field: described by its errors.
    const inputProps = { id: "f-name", name: "name", "aria-invalid": true, "aria-describedby": "f-name-error" };
    const html = renderToStaticMarkup(
      <Field label="Name" field={refused} inputProps={inputProps} hint="As on the contract" />,
    );
    const refs = described(html, "f-name");
    expect(refs.map((r) => r.ref)).toEqual(["f-name-hint", "f-name-error"]);
    expect(refs[0]!.element?.[2]).toBe("As on the contract");
    expect(refs[1]!.element?.[1]).toBe("ul");
    expect(html).toContain("<li>Required</li>");
  });

  it("describe a field with neither hint nor errors by nothing", () => {
    const html = renderToStaticMarkup(<Field label="Name" field={clean} inputProps={{ id: "f-name" }} />);
    expect(html).not.toContain("aria-describedby");
  });

  it("work alike for a select and a textarea", () => {
    const select = renderToStaticMarkup(
      <SelectField
        label="Tier"
        field={refused}
        selectProps={{ id: "f-name", "aria-describedby": "f-name-error" }}
        options={[{ value: "a", label: "A" }]}
        hint="Pick one"
      />,
    );
    expect(described(select, "f-name").map((r) => r.ref)).toEqual(["f-name-hint", "f-name-error"]);
    const textarea = renderToStaticMarkup(
      <TextareaField label="Note" field={clean} textareaProps={{ id: "f-name" }} hint="Optional" />,
    );
    expect(described(textarea, "f-name").map((r) => r.ref)).toEqual(["f-name-hint"]);
  });

  it("work alike for an input bound to a Conform field, and for a row of radio buttons", () => {
    // What Conform knows of a refused field (the parts getInputProps and getCollectionProps read).
    const meta = {
      id: "f-name",
      name: "name",
      formId: "f",
      errorId: "f-name-error",
      descriptionId: "f-name-description",
      errors: ["Required"],
      valid: false,
      initialValue: "Ann",
      required: true,
    } as unknown as FieldMetadata<string, Record<string, unknown>, string[]>;
    const input = renderToStaticMarkup(
      <InputFor meta={meta} label="Name" type="text" hint="As on the contract" maxLength={40} />,
    );
    expect(described(input, "f-name").map((r) => r.ref)).toEqual(["f-name-hint", "f-name-error"]);
    expect(input).toMatch(/<input[^>]*maxLength="40"/);
    expect(input).toMatch(/<input[^>]*value="Ann"/);
    const radios = renderToStaticMarkup(
      <RadioGroup meta={meta} label="Mood" hint="How it felt" options={[{ value: "1", label: "Fine" }]} />,
    );
    const fieldset = /<fieldset[^>]*>/.exec(radios)?.[0] ?? "";
    expect(fieldset).toContain('aria-describedby="f-name-hint f-name-error"');
    expect(radios).toContain('<p id="f-name-hint" class="text-xs text-slate-600">How it felt</p>');
  });
});
