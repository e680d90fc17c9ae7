/**
 * The launch's plain constants (no zod), shared by the composer, the job views and the server; they
 * live apart from ./schema.ts (which re-exports them) so a page that needs a constant does not ship
 * zod in its first-load JS (issue 15, item 5). Client-safe.
 */
import { SCHEDULE_APP_LABELS } from "./schedule-label-names";

export const DEFAULT_IMAGE = "ghcr.io/astral-sh/uv:python3.12-bookworm";
export const DEFAULT_FLAVOR = "cpu-basic";
/** Folder inside each namespace's artifacts bucket; specs/hub-jobs-api.md §9.3. */
export const ARTIFACTS_BUCKET = "jobs-artifacts";
export const ARTIFACTS_MOUNT_PATH = "/data";
/**
 * The most a launch may send through the app, in bytes (the sum of the dropped files): 5 GiB. The
 * launch route streams the files to a temp folder and the upload reads them from there, so memory does
 * not grow with it; what bounds it is the server's free temp disk space and the time one request may
 * take. Larger submissions belong in `hf buckets cp` / `hf upload-large-folder` (field case B20). The
 * launch route answers 413 above it, and the composer refuses before sending.
 */
export const MAX_LAUNCH_BYTES = 5 * 1024 ** 3;
/**
 * next.config.ts sizes Next's server-action and request-proxy body limits from this (Next buffers
 * such bodies whole in memory). The launch is no longer a server action (POST /api/launch runs
 * lib/jobs/launch-form.ts, and proxy.ts does not run for it), so no action receives files; the former
 * 512 MiB is kept until next.config.ts is revisited.
 */
export const MAX_ACTION_LAUNCH_BYTES = 512 * 1024 * 1024;
/** Room for the multipart framing and the JSON input beside the files, in bytes. */
export const LAUNCH_BODY_OVERHEAD_BYTES = 4 * 1024 * 1024;

/**
 * What a job or scheduled job id may look like before it goes into a Hub URL: the Hub's ids are 24 hex
 * characters (specs/hub-jobs-api.md §1 "IDs"); this is looser but excludes every character that could
 * change the URL's path or query (`/`, `.`, `?`, `#`, `%`), since @huggingface/hub pastes ids unencoded.
 */
export const HUB_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The label that carries a launch's idempotency key (`launchKey`): written by the app on every job and
 * scheduled job it creates, so a launch whose answer was lost is found again by it instead of being
 * started twice (DESIGN.md: "one launch is one job"). Label syntax: specs/hub-jobs-api.md §6.3.
 */
export const LAUNCH_KEY_LABEL = "jobs-studio.launch";

/**
 * Labels the app writes for itself (the launch key, `duplicated-from`): never copied into a new
 * launch's form or a duplicate, and left out where runs are compared.
 */
export const APP_LABELS: readonly string[] = [LAUNCH_KEY_LABEL, "duplicated-from", ...SCHEDULE_APP_LABELS];
/** A launch key: 16–64 characters that are valid in a label value. */
export const LAUNCH_KEY_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
