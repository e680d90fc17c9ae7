import { expect, test } from "@playwright/test";

test("the home page renders and the app is healthy", async ({ page, request }) => {
  expect((await request.get("/api/health")).ok()).toBe(true);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "jobs-studio" })).toBeVisible();
});
