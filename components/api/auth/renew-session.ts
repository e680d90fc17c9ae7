/**
 * `GET /api/auth/session` (Auth.js): reading the session makes Auth.js re-issue the session cookie with
 * a fresh expiry (rolling renewal, components/auth/session-keep-alive.tsx). Failures are ignored:
 * the next renewal tries again, and an expired session sends the next page to sign-in.
 */
export function renewSession(): void {
  void fetch("/api/auth/session", { cache: "no-store" }).catch(() => undefined);
}
