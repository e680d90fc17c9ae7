import type { JobSpec } from "@/lib/hub/job-spec";
import { MASTER_ALIAS } from "./job-spec-fields-2x";
import { LAUNCH_KEY_LABEL } from "./constants";

/**
 * The fan-out of a replicated launch (issue 13 item 4): N jobs in one network group
 * (specs/hub-jobs-2x.md `network`), each told its rank. Client-safe, pure.
 *
 * Environment each replica gets (the app's; a user variable of the same name is replaced):
 * - `RANK` / `NODE_RANK`: 0 … N−1; `WORLD_SIZE` / `NNODES`: N (torchrun's env:// names);
 * - `MASTER_ALIAS`: `master`, rank 0's network alias. `MASTER_ADDR` cannot be given as a value: the
 *   Hub documents the alias host only as `${HF_NETWORK_GROUP_PREFIX}master` (huggingface_hub 2.0.0
 *   `run_job` docstring), a variable of the job itself, so a script composes
 *   `os.environ["HF_NETWORK_GROUP_PREFIX"] + os.environ["MASTER_ALIAS"]`;
 * - `MASTER_PORT`: 29500 (torchrun's default) unless the user set one.
 * Rank 0 has the alias `master`, rank i > 0 the alias `rank-i`.
 */
export interface ReplicaSpec {
  rank: number;
  /** this replica's own idempotency key (its {@link LAUNCH_KEY_LABEL} label): see {@link replicaLaunchKey} */
  launchKey: string;
  spec: JobSpec;
}

/** Replica `rank`'s launch key, derived from the launch's: `{launchKey}.r{rank}` (≤ 68 chars, a valid label value). */
export function replicaLaunchKey(launchKey: string, rank: number): string {
  return `${launchKey}.r${rank}`;
}

/**
 * @param spec rank 0's spec as built (`network.group` set by the builder when `count` > 1)
 * @param count replicas, ≥ 2
 * @param launchKey the launch's idempotency key
 * @returns one spec per rank, in rank order
 * @throws Error when `spec.network` is missing (the builder always sets it for replicas)
 */
export function replicaSpecs(spec: JobSpec, { count, launchKey }: { count: number; launchKey: string }): ReplicaSpec[] {
  const group = spec.network?.group;
  if (!group) throw new Error("replicaSpecs: the spec has no network group");
  return Array.from({ length: count }, (_, rank) => {
    const key = replicaLaunchKey(launchKey, rank);
    return {
      rank,
      launchKey: key,
      spec: {
        ...spec,
        environment: {
          MASTER_PORT: "29500",
          ...spec.environment,
          RANK: String(rank),
          NODE_RANK: String(rank),
          WORLD_SIZE: String(count),
          NNODES: String(count),
          MASTER_ALIAS,
        },
        labels: { ...spec.labels, [LAUNCH_KEY_LABEL]: key },
        network: { group, aliases: [rank === 0 ? MASTER_ALIAS : `rank-${rank}`] },
      },
    };
  });
}
