import type { LaunchInput, VolumeInput } from "@/lib/jobs/schema";
import { parsePorts, type AccessFields, type VolumeRow } from "./access-fields";
import { nextRowId } from "./rows";

// The state's shape and the ports' parse live in ./access-fields.ts (the composer's first-load JS needs
// those alone); re-exported here with the rest of the fields' mapping.
export { INITIAL_ACCESS_FIELDS, parsePorts, type AccessFields, type VolumeRow } from "./access-fields";

/**
 * The composer's Volumes and "Ports, SSH and replicas" fields (issue 13 items 3–4) as plain data, and
 * their mapping to the launch input. Pure, client-safe.
 */

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
