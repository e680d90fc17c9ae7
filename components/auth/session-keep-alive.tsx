"use client";

import { useEffect } from "react";
import { renewSession } from "@/components/api/auth/renew-session";

/** How often an open tab renews the session, in ms (well under the 12 h SESSION_MAX_AGE_SECONDS). */
const RENEW_EVERY_MS = 30 * 60_000;

/**
 * Rolling renewal of the short-lived session (issue 11 item 6): while a tab of the app is open and
 * visible, `GET /api/auth/session` every {@link RENEW_EVERY_MS} (and on return to a tab after that
 * long) makes Auth.js re-issue the session cookie with a fresh expiry. A renewal racing a sign-out
 * cannot undo it: the renewed cookie keeps the revoked session id (lib/auth/revoked-sessions.ts).
 * Renders nothing.
 */
export function SessionKeepAlive() {
  useEffect(() => {
    let last = Date.now();
    const renew = () => {
      if (document.visibilityState !== "visible" || Date.now() - last < RENEW_EVERY_MS) return;
      last = Date.now();
      renewSession();
    };
    const timer = setInterval(renew, 60_000);
    document.addEventListener("visibilitychange", renew);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", renew);
    };
  }, []);
  return null;
}
