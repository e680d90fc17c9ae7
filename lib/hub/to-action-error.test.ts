import { HubApiError } from "@huggingface/hub";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { hubApiErrorFromResponse } from "./hub-api-error";
import { toActionError } from "./to-action-error";

const hubError = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  hubApiErrorFromResponse(
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", "X-Request-Id": "req-123", ...headers } }),
  );

describe("toActionError", () => {
  it("maps 401 to unauthenticated asking to sign in again, keeping the request id", async () => {
    const e = toActionError(await hubError(401, { error: "Invalid credentials" }));
    expect(e).toEqual({ code: "unauthenticated", message: expect.stringMatching(/Sign in again/), requestId: "req-123" });
  });
  it("maps statuses to the error vocabulary and keeps the Hub's message without the URL trailer", async () => {
    const cases: [number, string][] = [[400, "invalid_input"], [403, "forbidden"], [404, "not_found"], [409, "conflict"], [413, "payload_too_large"], [429, "rate_limited"], [500, "hub_error"], [503, "hub_unavailable"]];
    for (const [status, code] of cases) {
      const e = toActionError(await hubError(status, { error: "Bad thing happened" }), "Could not start");
      expect(e?.code, String(status)).toBe(code);
      expect(e?.message).not.toMatch(/URL:/);
      expect(e?.requestId).toBe("req-123");
    }
    expect(toActionError(await hubError(404, { error: "Job not found" }), "Could not cancel")?.message).toBe("Could not cancel: Job not found");
  });
  it("reads errors raised by @huggingface/hub itself", () => {
    const err = new HubApiError("https://hf.co/api/jobs/a", 404, "rid");
    err.message = "Job not found. URL: https://hf.co/api/jobs/a. Request ID: rid";
    expect(toActionError(err)).toEqual({ code: "not_found", message: "Job not found", requestId: "rid" });
  });
  it("maps network failures and AppErrors; returns null for bugs", () => {
    expect(toActionError(new TypeError("fetch failed"))?.code).toBe("hub_unavailable");
    expect(toActionError(new AppError("conflict", "busy"))).toEqual({ code: "conflict", message: "busy" });
    expect(toActionError(new RangeError("oops"))).toBeNull();
  });
});
