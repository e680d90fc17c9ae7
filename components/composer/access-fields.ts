import type { VolumeInput } from "@/lib/jobs/schema";

/**
 * The composer's Volumes and "Ports, SSH and replicas" fields (issue 13 items 3–4) as the form's state
 * holds them, and the ports' parse the form checks on every change. Pure, client-safe. Their mapping
 * to the launch input and the row editing are ./volume-rows.ts, which only the cards and the spec
 * engine load.
 */

/** One volume row as typed: a repo (read-only, revision, sub-path) or a bucket (read-write or read-only, sub-path). */
export interface VolumeRow {
  id: number;
  type: VolumeInput["type"];
  /** `namespace/name` */
  source: string;
  mountPath: string;
  /** repos only; "" = the default branch */
  revision: string;
  /** sub-folder; "" = the whole repo or bucket */
  path: string;
  /** buckets only (repos are always read-only) */
  readOnly: boolean;
}

/** The fields these sections hold in the composer state. */
export interface AccessFields {
  volumeRows: VolumeRow[];
  /** ports as typed, e.g. `8000, 8080` */
  exposeText: string;
  ssh: boolean;
  /** replicas as typed; "" or "1" = one job */
  replicasText: string;
  /** the network group's name; "" = generated from the launch key */
  networkGroup: string;
}

export const INITIAL_ACCESS_FIELDS: AccessFields = { volumeRows: [], exposeText: "", ssh: false, replicasText: "1", networkGroup: "" };

/**
 * Ports typed as `8000, 8080` or `8000 8080`.
 * @returns the ports, or an error naming the first token that is not a whole number
 */
export function parsePorts(text: string): { ok: true; ports: number[] } | { ok: false; error: string } {
  const tokens = text.split(/[\s,]+/).filter(Boolean);
  const bad = tokens.find((t) => !/^\d{1,5}$/.test(t));
  if (bad !== undefined) return { ok: false, error: `"${bad}" is not a port number` };
  return { ok: true, ports: tokens.map(Number) };
}
