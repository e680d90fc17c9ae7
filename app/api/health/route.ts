/** Liveness probe used by scripts/start.mjs and Playwright's webServer. */
export function GET() {
  return Response.json({ ok: true });
}
