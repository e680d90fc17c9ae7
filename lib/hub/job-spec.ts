/**
 * The job spec on the wire: the body of `POST /api/jobs/{ns}` and the `jobSpec` of a scheduled job
 * (specs/hub-jobs-api.md §4, §5, §8.1; 2.x fields: specs/hub-jobs-2x.md "Job spec fields"). Types
 * only, so client code (the composer's preview) may import them.
 *
 * It is the app's own type, not @huggingface/hub's `CreateJobOptions`: that one designates volumes as
 * `{type, name}` repos and has no `expose`, `ssh`, `network` or `resourceGroupId`, and its `runJob`
 * drops any field it does not know. lib/hub/run-job.ts and create-scheduled-job.ts send this shape as is.
 */

/** A volume on the wire (specs/hub-jobs-api.md §5). */
export interface JobSpecVolume {
  type: "bucket" | "model" | "dataset" | "space";
  /** `namespace/name`, no type prefix */
  source: string;
  mountPath: string;
  revision?: string;
  readOnly?: boolean;
  path?: string;
}

/** The job spec the app sends; specs/hub-jobs-api.md §4 and hub-jobs-2x.md. */
export interface JobSpec {
  /** exactly one of `dockerImage` / `spaceId` */
  dockerImage?: string;
  spaceId?: string;
  /** argv; never a shell string */
  command: string[];
  /** always `[]` on a launch, as the Python client sends it */
  arguments: string[];
  environment: Record<string, string>;
  /** only when non-empty; the only place secret values ever go */
  secrets?: Record<string, string>;
  flavor: string;
  /** `amd64` (the Hub's default) or `arm64` */
  arch?: "amd64" | "arm64";
  /** integer seconds, only when a timeout was given */
  timeoutSeconds?: number;
  /** how many times the Hub may start the job (default 1) */
  attempts?: number;
  labels: Record<string, string>;
  volumes: JobSpecVolume[];
  /** 2.x: ports reachable through the jobs proxy (`status.exposeUrls`) */
  expose?: { ports: number[] };
  /** 2.x: `status.sshUrl` when enabled */
  ssh?: { enabled: boolean };
  /** 2.x: jobs sharing a group reach each other (`$HF_NETWORK_GROUP_HOSTNAME`) */
  network?: { group: string; aliases?: string[] };
  /** 2.x: org resource group the job is billed to */
  resourceGroupId?: string;
}

/** The `jobSpec` of a scheduled job: the same fields without `arguments` (specs/hub-jobs-api.md §8.1). */
export type ScheduledJobSpec = Omit<JobSpec, "arguments">;
