import { describe, expect, it } from "vitest";
import { renderInPage as render } from "#tests/setup/render-page.tsx";
import { TaskEditForm } from "#app/components/task-edit-form.tsx";
import { TaskForm } from "#app/components/task-form.tsx";

const staff = [{ id: "u1", name: "Kim KAM" }];

describe("the task forms' fields", () => {
  it("label each control, and keep what was typed and describe the control by its message after a refusal", async () => {
    const error = { formId: "new", fields: { title: "Too long" }, values: { title: "Typed", due_on: "2026-12-24" } };
    const html = await render(<TaskForm formId="new" accountId="a1" staff={staff} error={error} />);
    expect(html).toContain('<label for="task-new-title" class="text-sm font-medium">');
    expect(html).toMatch(
      /<input id="task-new-title" name="title" aria-invalid="true" aria-describedby="task-new-title-error"[^>]*value="Typed"/,
    );
    expect(html).toContain('<p id="task-new-title-error" class="text-sm text-red-800">Too long</p>');
    expect(html).toMatch(/<input id="task-new-due_on" name="due_on" type="date"[^>]*value="2026-12-24"/);
    expect(html).toContain('<div class="flex flex-col gap-1 sm:col-span-2"><label for="task-new-visibility"');
    expect(html).toContain('<option value="u1">Kim KAM</option>');
  });

  it("leave another form's refusal to that form", async () => {
    const error = { formId: "other", fields: { title: "Too long" }, values: { title: "Typed" } };
    const html = await render(<TaskForm formId="new" staff={staff} error={error} accounts={staff} />);
    expect(html).not.toContain("aria-invalid");
    expect(html).not.toContain("Too long");
    expect(html).toContain('<label for="task-new-accountId" class="text-sm font-medium">');
  });

  it("share the field ids and messages with the edit form", async () => {
    const task = {
      account_id: "a1",
      id: "t1",
      version: 2,
      title: "Call back",
      due_on: null,
      owner_id: "",
      owner_name: "",
      visibility: "account",
      notes: "",
    };
    const error = { formId: "edit-t1", fields: { due_on: "Not a date" }, values: {} };
    const html = await render(<TaskEditForm task={task} staff={staff} error={error} />);
    expect(html).toMatch(
      /<input id="task-edit-t1-due_on" name="due_on" aria-invalid="true" aria-describedby="task-edit-t1-due_on-error"/,
    );
    expect(html).toContain('<p id="task-edit-t1-due_on-error" class="text-sm text-red-800">Not a date</p>');
  });
});
