import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { DEMO, enter, setupBrowser, waitForHeading } from "./browser.ts";

const b = setupBrowser();

/** An ERP export as Finnish Excel saves it: BOM, semicolons, comma decimals, d.m.yyyy dates. */
function invoices(account: string, rows: [number: string, date: string, due: string, amount: string][]) {
  const header = "Asiakas;Laskunumero;Laskun pvm;Eräpäivä;Summa;Maksettu";
  return Buffer.from(`\uFEFF${[header, ...rows.map((r) => [account, ...r, ""].join(";"))].join("\r\n")}\r\n`, "utf8");
}

describe("CSV import in a real browser", () => {
  it("a KAM imports a semicolon CSV of invoices, sees two rows rejected with reasons, fixes them and re-imports", async () => {
    const { page } = b;
    await enter(page, DEMO.kam);
    await waitForHeading(page, "My accounts");
    // One of the KAM's own accounts, named as the ERP names it.
    const account = (await page.getByTestId("accounts-table").locator("tbody tr a").first().textContent())!.trim();
    const source = `ERP ${Date.now().toString(36)}`;
    // Invoice numbers unique to this run (E2E_BASE_URL may point at a kept server).
    const run = Date.now().toString(36);

    const rows: [string, string, string, string][] = [
      [`${run}-1`, "2.1.2025", "1.2.2025", "1 250,00"],
      [`${run}-2`, "3.1.2025", "2.2.2025", "980,5"],
      [`${run}-3`, "4.1.2025", "31.2.2025", "300,00"],
      [`${run}-4`, "5.1.2025", "4.2.2025", "12,5,0"],
      [`${run}-5`, "6.1.2025", "5.2.2025", "75"],
    ];
    await page.getByRole("link", { name: "Import" }).click();
    await waitForHeading(page, "Import from CSV");
    await page.getByLabel("Source").fill(source);
    await page.getByLabel("CSV file").setInputFiles({ name: "laskut.csv", mimeType: "text/csv", buffer: invoices(account, rows) });
    await page.getByRole("button", { name: "Upload and map columns" }).click();
    await waitForHeading(page, "Map the columns of laskut.csv");
    // The header names were recognised; the kind and the external id are chosen by hand.
    expect(await page.locator("#map-invoice_amount").inputValue()).toBe("Summa");
    expect(await page.locator("#map-invoice_due_date").inputValue()).toBe("Eräpäivä");
    await page.locator("#map-kind").selectOption("=invoice");
    await page.locator("#map-external_id").selectOption("Laskunumero");
    await page.getByRole("button", { name: "Save mapping and check rows" }).click();
    // Before the mapping is saved every row lacks its kind; after it, two rows have errors.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="import-preview"] tr.bg-red-50').length === 2);
    await page.screenshot({ path: "/tmp/kohtaamo-import-preview.png", fullPage: true });

    await page.getByRole("button", { name: "Import 5 rows" }).click();
    await waitForHeading(page, "Nothing was imported from laskut.csv");
    const errors = page.getByTestId("import-errors").locator("tbody tr");
    expect(await errors.count()).toBe(2);
    expect(await errors.nth(0).textContent()).toContain("Enter a date such as 31.12.2025");
    expect(await errors.nth(1).textContent()).toContain("Enter a number");
    // The good rows go in; the two bad ones stay listed and downloadable.
    await page.getByRole("button", { name: "Import the valid rows only" }).click();
    await waitForHeading(page, "laskut.csv is imported");
    expect(await page.getByTestId("import-counts").textContent()).toMatch(/new3updated0unchanged0rejected2/);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download the rejected rows as CSV" }).click(),
    ]);
    const rejected = fs.readFileSync((await download.path())!, "utf8");
    const [header, first, second] = rejected.split("\r\n");
    // The file's own columns, then the line, the field and the reason, each in a column of its own.
    expect(header).toBe("\uFEFFAsiakas;Laskunumero;Laskun pvm;Eräpäivä;Summa;Maksettu;Import line;Import field;Import error");
    expect(first).toBe(`${account};${run}-3;4.1.2025;31.2.2025;300,00;;4;Invoice due date (Eräpäivä);Enter a date such as 31.12.2025 or 2025-12-31.`);
    expect(second!.startsWith(`${account};${run}-4;5.1.2025;4.2.2025;12,5,0;;5;Invoice amount (Summa);Enter a number`)).toBe(true);
    await page.screenshot({ path: "/tmp/kohtaamo-import-rejected.png", fullPage: true });

    // The downloaded file, fixed in place, imports as it is: the mapping is remembered for the source.
    const fixed = rejected.replace("31.2.2025", "28.2.2025").replace("12,5,0", "12,50");
    await page.getByRole("link", { name: "Import another file" }).click();
    await page.getByLabel("Source").fill(source);
    await page.getByLabel("CSV file").setInputFiles({ name: "laskut-errors.csv", mimeType: "text/csv", buffer: Buffer.from(fixed, "utf8") });
    await page.getByRole("button", { name: "Upload and map columns" }).click();
    await waitForHeading(page, "Map the columns of laskut-errors.csv");
    expect(await page.locator("#map-kind").inputValue()).toBe("=invoice");
    await page.getByRole("button", { name: "Import 2 rows" }).click();
    await waitForHeading(page, "laskut-errors.csv is imported");
    expect(await page.getByTestId("import-counts").textContent()).toMatch(/new2updated0unchanged0rejected0/);
    await page.screenshot({ path: "/tmp/kohtaamo-import-done.png", fullPage: true });
  });
});
