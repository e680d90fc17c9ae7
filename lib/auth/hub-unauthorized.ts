import "server-only";
import { redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import { hubErrorStatus } from "@/lib/hub/hub-api-error";
import { fail, type ActionResult } from "@/lib/result";
import { expiredSignInUrl } from "./expired-sign-in-url";

/** Where a user whose Hub token expired or was revoked is sent (the sign-in page explains it). */
export const EXPIRED_SIGN_IN_PATH = expiredSignInUrl();

/** The sentence shown for an expired or revoked token. */
export const EXPIRED_MESSAGE = "Your Hugging Face session expired or the token was revoked. Sign in again.";

/** True for a Hub answer 401 (`HubApiError.statusCode`), or an AppError already mapped to `unauthenticated`. */
export function isHubUnauthorized(error: unknown): boolean {
  const status = hubErrorStatus(error);
  if (status !== null) return status === 401;
  if (error instanceof AppError) return error.code === "unauthenticated";
  return false;
}

/**
 * The 401 helper (issue 5, item 6). Call it in a `catch` around Hub calls, before mapping other errors:
 * - pages and layouts (server components): `hubUnauthorized({ error, mode: "redirect" })` — when the
 *   error is a Hub 401 it throws Next's redirect to `/sign-in?error=expired&callbackUrl=…` (so call it
 *   outside try/catch, or re-throw); otherwise it returns null;
 * - server actions: `mode: "result"` → `{ ok: false, error: { code: "unauthenticated", message } }`
 *   (the client sends the user to {@link EXPIRED_SIGN_IN_PATH} on code `unauthenticated`);
 * - route handlers: `mode: "response"` → a 401 JSON `{ error: { code: "unauthenticated", message } }`
 *   with `X-Sign-In: /sign-in?error=expired`.
 * Returns null when `error` is not a Hub 401, so the caller maps it as usual.
 */
export function hubUnauthorized(params: { error: unknown; mode: "redirect"; callbackUrl?: string }): null;
export function hubUnauthorized(params: { error: unknown; mode: "result" }): ActionResult<never> | null;
export function hubUnauthorized(params: { error: unknown; mode: "response" }): Response | null;
export function hubUnauthorized(params: {
  error: unknown;
  mode: "redirect" | "result" | "response";
  callbackUrl?: string;
}): ActionResult<never> | Response | null {
  if (!isHubUnauthorized(params.error)) return null;
  if (params.mode === "redirect") redirect(expiredSignInUrl(params.callbackUrl));
  if (params.mode === "result") return fail({ code: "unauthenticated", message: EXPIRED_MESSAGE });
  return Response.json(
    { error: { code: "unauthenticated", message: EXPIRED_MESSAGE } },
    { status: 401, headers: { "X-Sign-In": EXPIRED_SIGN_IN_PATH } },
  );
}
