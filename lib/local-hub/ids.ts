import { randomBytes } from "node:crypto";

/** A 24-hex-character id like the Hub's Mongo-ObjectId-style ids (specs/hub-jobs-api.md §1 "IDs"). */
export function newObjectId(): string {
  const time = Math.floor(Date.now() / 1000).toString(16).padStart(8, "0");
  return time + randomBytes(8).toString("hex");
}

/** A random token with the given prefix, e.g. `hf_…` (the JS client refuses tokens without it). */
export function newToken(prefix: string, bytes = 24): string {
  return prefix + randomBytes(bytes).toString("base64url").replace(/[-_]/g, "x");
}

/** ISO-8601 UTC with milliseconds and `Z`, the Hub's timestamp format (specs/hub-jobs-api.md §1). */
export function isoNow(ms: number = Date.now()): string {
  return new Date(ms).toISOString();
}
