import type { LaunchInput, VolumeInput } from "@/lib/jobs/schema";
import { nextRowId } from "./rows";

/**
 * The composer's Volumes and "Ports, SSH and replicas" fields (issue 13 items 3–4) as plain data, and
 * their mapping to the launch input. Pure, client-safe.
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

/** A fresh row of `type` with a mount path suggested from the type (`/dataset`, `/model`, …). */
export function newVolumeRow(type: VolumeRow["type"] = "dataset"): VolumeRow {
  return { id: nextRowId(), type, source: "", mountPath: `/${type}`, revision: "", path: "", readOnly: type !== "bucket" };
}

/** Rows → the input's `volumes`; rows without a source are left out (an empty row is not a volume). */
export function volumesOf(rows: readonly VolumeRow[]): VolumeInput[] {
  return rows
    .filter((r) => r.source.trim() !== "")
    .map((r) => ({
      type: r.type,
      source: r.source.trim(),
      mountPath: r.mountPath.trim(),
      ...(r.type !== "bucket" && r.revision.trim() ? { revision: r.revision.trim() } : {}),
      ...(r.path.trim() ? { path: r.path.trim() } : {}),
      ...(r.type === "bucket" ? { readOnly: r.readOnly } : {}),
    }));
}

/** The input's `volumes` (a re-run) → rows. */
export function volumeRowsOf(volumes: readonly VolumeInput[]): VolumeRow[] {
  return volumes.map((v) => ({
    id: nextRowId(),
    type: v.type,
    source: v.source,
    mountPath: v.mountPath,
    revision: v.revision ?? "",
    path: v.path ?? "",
    readOnly: v.type !== "bucket" || v.readOnly === true,
  }));
}

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

/** The launch input's access fields from the typed ones (a bad port list sends none; its error shows on the field). */
export function accessInputOf(f: AccessFields): Pick<LaunchInput, "volumes" | "expose" | "ssh" | "replicas" | "networkGroup"> {
  const ports = parsePorts(f.exposeText);
  const replicas = f.replicasText.trim() === "" ? 1 : Number(f.replicasText.trim());
  return {
    volumes: volumesOf(f.volumeRows),
    expose: ports.ok ? ports.ports : [],
    ssh: f.ssh,
    replicas: Number.isFinite(replicas) ? replicas : 0,
    networkGroup: f.networkGroup.trim() || undefined,
  };
}
