import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { expectAccessible, screenshot, signIn, stat } from "./helpers";

// Who may open the true-up report is in 07-authorization's matrix.
// The demo's 18 months of past: the charts draw it, the table says the same, the forecast says
// when the primary pool fills, and the true-up report finds the overage after the lowering.

test("a People administrator sees each pool's history and forecast, as a chart and as a table", async ({ page }) => {
  await signIn(page, "peopleadmin");
  await page.goto("/admin/people");
  const primary = page.getByTestId("history-PRIMARY");
  await expect(primary.getByTestId("history-summary-PRIMARY")).toHaveText(/^Over the last 90 days: seats used between \d+ and \d+/);
  await expect(primary.getByTestId("forecast-PRIMARY")).toHaveText(
    /Primary area: (full in about \d+ days? \(around .+\) at \+[\d.]+ seats a week|already full)/,
  );
  await expect(page.getByTestId("stat-forecast-PRIMARY")).toBeVisible();
  // The chart is drawn: used, limit and waiting series.
  await expect(primary.locator(".history-chart svg path.recharts-area-area").first()).toBeVisible();
  // The limit is a flat line most of the time (no height, so not "visible"): it is drawn if it has a path.
  await expect(primary.locator(".history-chart svg path.recharts-line-curve").first()).toHaveAttribute("d", /^M[\d.]+,[\d.]+L/);
  await expectAccessible(page);
  await screenshot(page, "history");

  await page.getByRole("radio", { name: "12 months" }).click();
  const summary = await primary.getByTestId("history-summary-PRIMARY").textContent();
  expect(summary).toMatch(/^Over the last 12 months: .* Over the limit on (\d+) days/);
  const overDays = Number(/Over the limit on (\d+) days/.exec(summary!)![1]);
  expect(overDays).toBeGreaterThanOrEqual(12);

  // The table alternative holds the same numbers: a row a day, the same days over the limit, and
  // today's end-of-day seats are the statistics' seats used.
  await primary.getByRole("tab", { name: "Table" }).click();
  const table = primary.getByRole("table");
  await expect(table.locator("tbody tr")).toHaveCount(365);
  await expect(table.locator("tbody tr td:nth-child(6)", { hasText: "Yes" })).toHaveCount(overDays);
  expect(Number(await table.locator("tbody tr").first().locator("td").nth(2).textContent())).toBe(await stat(page, "used"));
  const peak = Math.max(...(await table.locator("tbody tr td:nth-child(2)").allTextContents()).map(Number));
  await expect(page.getByTestId("peak-PRIMARY")).toHaveText(String(peak));
  await expectAccessible(page);
});

test("the true-up report lists the days over the limit and downloads as CSV", async ({ page }) => {
  await signIn(page, "peopleadmin");
  await page.goto("/admin/people");
  await page.getByRole("link", { name: "True-up report…" }).click();
  await expect(page.getByRole("heading", { name: "True-up report" })).toBeVisible();
  const daysOver = Number(await page.getByTestId("true-up-days-over-PRIMARY").textContent());
  expect(daysOver).toBeGreaterThanOrEqual(12);
  await expect(page.getByTestId("true-up-PRIMARY").getByRole("table").locator("tbody tr")).toHaveCount(daysOver);
  await expectAccessible(page);
  await screenshot(page, "true-up");

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^true-up-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await readFile((await download.path())!, "utf8"))
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(lines[0]).toBe("Pool,Limit field,Day,Peak used,Limit,Over by,Took a seat,At (UTC),How");
  expect(
    new Set(
      lines
        .slice(1)
        .filter((l) => l.startsWith("Primary,"))
        .map((l) => l.split(",")[2]),
    ).size,
  ).toBe(daysOver);

  // A period that cannot be read is said, not failed on.
  const bad = await page.goto("/admin/people/true-up?from=2026-02-30&to=2026-03-31");
  expect(bad?.status()).toBe(200);
  await expect(page.getByRole("alert").filter({ hasText: "The first day is not a real date" })).toBeVisible();
  const csv = await page.request.get("/admin/people/true-up/csv?from=2026-05-01&to=2026-03-31");
  expect(csv.status()).toBe(400);
  expect(await csv.text()).toMatch(/The first day must come before the last/);
});

test("a sysadmin sees the history on the License page and sets how early the forecast warns", async ({ page }) => {
  await signIn(page, "sysadmin");
  await page.goto("/admin/system/license");
  await expect(page.getByRole("heading", { name: "Seat history and forecast" })).toBeVisible();
  await expect(page.getByTestId("forecast-PRIMARY")).toHaveText(/Primary area: /);
  await page.goto("/admin/system/settings");
  const days = page.getByLabel("Early warning: days before a pool is forecast to be full");
  await expect(days).toHaveValue("30");
  await days.fill("0");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#forecast-days-error")).toHaveText(/At least 1 day/);
  await days.fill("45");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toHaveText(/45 days before a pool is forecast to be full/);
});
