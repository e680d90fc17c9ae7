/**
 * The launch request's body itself was wrong or cut off while the upload was reading it (a file
 * arriving with another size than listed, an unlisted file, a body over the limit): thrown into the
 * upload by lib/jobs/pending-file.ts and answered as this `code` naming `files`, nothing launched.
 */
export class LaunchBodyError extends Error {
  readonly code: "invalid_input" | "payload_too_large";

  constructor(code: "invalid_input" | "payload_too_large", message: string) {
    super(message);
    this.name = "LaunchBodyError";
    this.code = code;
  }
}

/** The LaunchBodyError behind `err` (itself or along its `cause` chain), if any. */
export function launchBodyErrorOf(err: unknown): LaunchBodyError | null {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth += 1) {
    if (e instanceof LaunchBodyError) return e;
  }
  return null;
}
