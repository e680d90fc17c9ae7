
/**
 * The job spec as the official clients put it on the wire (POST /api/jobs/{ns} body, and the
 * `jobSpec` of a scheduled job): the app's own wire type lib/hub/job-spec.ts (client-safe, types only),
 * with what the Python client leaves out when empty made optional: it sends no `labels`/`volumes`
 * when there are none, and `arguments` only on `run`.
 *
 * Source: specs/hub-jobs-api.md §4–§5 and specs/hub-jobs-2x.md (huggingface_hub 2.0.0
 * `_jobs_api.py` `_create_job_spec`, `_space_api.py` `Volume.to_dict`).
 */
import type { JobSpec, JobSpecVolume } from "@/lib/hub/job-spec";

/** One volume: a repo or bucket mounted in the job (hub-jobs-api.md §5): the app's wire type. */
export type WireVolume = JobSpecVolume;

/**
 * The job spec as any client may send it: lib/hub/job-spec.ts's `JobSpec` (the one wire type), with
 * `arguments`, `labels` and `volumes` optional (the hf CLI omits them when empty).
 */
export type WireJobSpec = Omit<JobSpec, "arguments" | "labels" | "volumes"> & Partial<Pick<JobSpec, "arguments" | "labels" | "volumes">>;

/** `hf jobs uv run`'s default image (huggingface_hub 2.0.0 `_jobs_api.py` `DEFAULT_UV_IMAGE`). */
export const DEFAULT_UV_IMAGE = "ghcr.io/astral-sh/uv:python3.12-bookworm";

/** Image prefixes the Python client turns into `spaceId` (`_jobs_api.py` `_SPACE_IMAGE_PREFIXES`). */
export const SPACE_IMAGE_PREFIXES = [
  "https://huggingface.co/spaces/",
  "https://hf.co/spaces/",
  "huggingface.co/spaces/",
  "hf.co/spaces/",
] as const;
