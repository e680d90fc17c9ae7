import "server-only";
import { AppError } from "@/lib/errors";

/** Hub next-page URL → opaque cursor for the browser (base64url). */
export function encodeCursor(pageUrl: string): string {
  return Buffer.from(pageUrl, "utf8").toString("base64url");
}

/**
 * Cursor → Hub next-page URL, accepted only when it points at this namespace's job list on the
 * session's Hub, so a crafted cursor cannot send our bearer token elsewhere.
 * @throws AppError invalid_input naming `cursor`
 */
export function decodeCursor({ cursor, hubUrl, namespace }: { cursor: string; hubUrl: string; namespace: string }): string {
  const url = Buffer.from(cursor, "base64url").toString("utf8");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError("invalid_input", "cursor: not a page cursor from this app.", { fieldErrors: { cursor: ["invalid"] } });
  }
  const hub = new URL(hubUrl);
  const expectedPath = `/api/jobs/${encodeURIComponent(namespace)}`;
  if (parsed.origin !== hub.origin || (parsed.pathname !== expectedPath && parsed.pathname !== `/api/jobs/${namespace}`)) {
    throw new AppError("invalid_input", "cursor: not a page cursor for this namespace.", { fieldErrors: { cursor: ["invalid"] } });
  }
  return parsed.toString();
}
