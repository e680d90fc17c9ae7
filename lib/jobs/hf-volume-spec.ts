import type { WireVolume } from "./wire-job-spec";

/**
 * The `hf` CLI's volume syntax ⇄ the wire volume. Client-safe, pure.
 *
 * Grammar (huggingface_hub 2.0.0 `utils/_hf_uris.py` `parse_hf_mount`, `_split_mount`, `_split_type`;
 * hub-jobs-api.md §5): `hf://[TYPE/]ID[@REVISION][/PATH]:/MOUNT_PATH[:ro|:rw]`
 * - TYPE ∈ `models | datasets | spaces | buckets` (plural; none = model); a singular prefix is refused;
 * - the mount is split at the LAST `:/`; `:ro` → readOnly true, `:rw` → false, neither → omitted;
 * - ID is `namespace/name`; REVISION (repos only) ends at the next `/`, except `refs/pr/N` and
 *   `refs/convert/NAME` which span three segments; `%2F` in a revision is a `/`.
 * Local-directory sources (`./dir:/mnt`), which the CLI syncs to a bucket first, are not volumes
 * here: the app uploads files itself, so they are refused with a message saying so.
 */
export type ParseVolumeSpecResult = { ok: true; volume: WireVolume } | { ok: false; error: string };

const TYPE_PREFIXES: Record<string, WireVolume["type"]> = {
  models: "model",
  datasets: "dataset",
  spaces: "space",
  buckets: "bucket",
};
const SINGULAR: Record<string, string> = { model: "models", dataset: "datasets", space: "spaces", bucket: "buckets" };
const TYPE_TO_PREFIX: Record<WireVolume["type"], string> = { model: "", dataset: "datasets/", space: "spaces/", bucket: "buckets/" };

/** Parses one `-v` value. @returns the wire volume, or an error sentence quoting the spec */
export function parseVolumeSpec(spec: string): ParseVolumeSpecResult {
  const fail = (why: string): ParseVolumeSpecResult => ({ ok: false, error: `Invalid volume '${spec}': ${why}` });
  if (!spec.startsWith("hf://")) {
    return fail("only hf:// sources can be mounted here (hf://[TYPE/]ID[/PATH]:/MOUNT[:ro|:rw]); add local files to the job instead");
  }
  let body = spec.slice("hf://".length);
  let readOnly: boolean | undefined;
  if (body.endsWith(":ro")) {
    readOnly = true;
    body = body.slice(0, -3);
  } else if (body.endsWith(":rw")) {
    readOnly = false;
    body = body.slice(0, -3);
  }
  const idx = body.lastIndexOf(":/");
  if (idx === -1) return fail("missing mount path, expected ':/MOUNT_PATH' (e.g. 'hf://org/model:/model')");
  const location = body.slice(0, idx);
  const mountPath = body.slice(idx + 1);
  if (location === "") return fail("missing location before the mount path");

  const segments = location.split("/");
  let type: WireVolume["type"] = "model";
  const first = segments[0] ?? "";
  const mapped = TYPE_PREFIXES[first];
  if (mapped !== undefined && segments.length > 1) {
    type = mapped;
    segments.shift();
  } else if (SINGULAR[first] !== undefined && segments.length > 1) {
    return fail(`type prefix must be plural: '${SINGULAR[first]}/'`);
  }
  if (segments.length < 2 || segments[0] === "" || segments[1] === "") return fail("expected a 'namespace/name' source");
  const namespace = segments[0] as string;
  let name = segments[1] as string;
  let rest = segments.slice(2);
  let revision: string | undefined;
  const at = name.indexOf("@");
  if (at !== -1) {
    if (type === "bucket") return fail("buckets have no revision");
    revision = name.slice(at + 1);
    name = name.slice(0, at);
    if (revision === "refs" && (rest[0] === "pr" || rest[0] === "convert") && rest.length >= 2) {
      revision = `refs/${rest[0]}/${rest[1]}`;
      rest = rest.slice(2);
    }
    revision = revision.replace(/%2F/gi, "/");
    if (revision === "") return fail("empty revision after '@'");
  }
  const path = rest.filter((s) => s !== "").join("/");
  return {
    ok: true,
    volume: {
      type,
      source: `${namespace}/${name}`,
      mountPath,
      ...(revision !== undefined ? { revision } : {}),
      ...(readOnly !== undefined ? { readOnly } : {}),
      ...(path !== "" ? { path } : {}),
    },
  };
}

/**
 * The `-v` value for a wire volume (inverse of `parseVolumeSpec`). A revision containing `/` other
 * than `refs/pr/N` / `refs/convert/X` is written with `%2F`.
 */
export function formatVolumeSpec(volume: WireVolume): string {
  let id = `${TYPE_TO_PREFIX[volume.type]}${volume.source}`;
  if (volume.revision !== undefined) {
    const special = /^refs\/(pr|convert)\/[^/]+$/.test(volume.revision);
    id += `@${special ? volume.revision : volume.revision.replace(/\//g, "%2F")}`;
  }
  if (volume.path) id += `/${volume.path}`;
  const mode = volume.readOnly === true ? ":ro" : volume.readOnly === false ? ":rw" : "";
  return `hf://${id}:${volume.mountPath}${mode}`;
}
