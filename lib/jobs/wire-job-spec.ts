/**
 * The Hub's job spec as the official clients put it on the wire (POST /api/jobs/{ns} body, and the
 * `jobSpec` of a scheduled job). Types only, client-safe.
 *
 * Source: specs/hub-jobs-api.md §4–§5 and specs/hub-jobs-2x.md (huggingface_hub 2.0.0
 * `_jobs_api.py` `_create_job_spec`, `_space_api.py` `Volume.to_dict`).
 */

/** One volume: a repo or bucket mounted in the job (hub-jobs-api.md §5). */
export interface WireVolume {
  type: "bucket" | "model" | "dataset" | "space";
  /** `namespace/name`, no type prefix */
  source: string;
  /** absolute container path */
  mountPath: string;
  /** repos only; sent only when set */
  revision?: string;
  /** sent only when set; forced true by the Hub for model/dataset/space */
  readOnly?: boolean;
  /** sub-folder inside the repo/bucket */
  path?: string;
}

/** The job spec. Exactly one of `dockerImage` / `spaceId` is set. */
export interface WireJobSpec {
  dockerImage?: string;
  /** `owner/name` of a Space whose image runs the job (the `hf.co/spaces/` prefix stripped) */
  spaceId?: string;
  /** argv, no shell */
  command: string[];
  /** always `[]` from the Python client */
  arguments?: string[];
  environment: Record<string, string>;
  /** write-only on the Hub: a job read back carries the names only */
  secrets?: Record<string, string>;
  flavor: string;
  /** seconds */
  timeoutSeconds?: number;
  labels?: Record<string, string>;
  volumes?: WireVolume[];
  expose?: { ports: number[] };
  ssh?: { enabled: true };
  network?: { group: string; aliases?: string[] };
  resourceGroupId?: string;
}

/** `hf jobs uv run`'s default image (huggingface_hub 2.0.0 `_jobs_api.py` `DEFAULT_UV_IMAGE`). */
export const DEFAULT_UV_IMAGE = "ghcr.io/astral-sh/uv:python3.12-bookworm";

/** Image prefixes the Python client turns into `spaceId` (`_jobs_api.py` `_SPACE_IMAGE_PREFIXES`). */
export const SPACE_IMAGE_PREFIXES = [
  "https://huggingface.co/spaces/",
  "https://hf.co/spaces/",
  "huggingface.co/spaces/",
  "hf.co/spaces/",
] as const;
