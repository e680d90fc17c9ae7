import { parseUvCommand, type ParsedUvCommand } from "./parse-uv-command";
import { APP_LABELS, ARTIFACTS_MOUNT_PATH } from "./constants";
import type { ParsedLaunchInput } from "./schema";
import type { JobSpecView } from "./view";

/**
 * "Edit and re-run": the launch form's fields read back from a job (the inverse of
 * lib/jobs/build-job-spec.ts). Client-safe, no I/O; the composer applies it (components/composer/rerun.ts).
 *
 * The form keys that a job's spec cannot give back (the files themselves, where to launch, and the
 * per-launch switches) are listed in {@link LaunchOnlyKey}; every other key of the launch input must
 * be mapped in {@link launchInputOf} (`-?` below), so a field added to the schema does not compile
 * until Edit and re-run knows what to do with it.
 */
type LaunchOnlyKey = "namespace" | "files" | "useSessionTokenAs" | "acceptPublicBucket" | "reuseFolder" | "launchKey" | "resume" | "schedule" | ReplicaKey;
/** How many replicas and their group are a property of the launch, not of one job: a re-run starts one job. */
type ReplicaKey = "replicas" | "networkGroup";

/** The fields of a re-run's form; `secrets` holds the source's names with empty values (to type again). */
export type RerunInput = { [K in Exclude<keyof ParsedLaunchInput, LaunchOnlyKey>]-?: ParsedLaunchInput[K] } & {
  /** the uv command read back, or null when the job did not run `uv run` */
  command: ParsedUvCommand | null;
};

/**
 * @param job the job (or a scheduled job's spec) as the app's view shows it (lib/jobs/view.ts)
 * @returns the form's fields: script/args/dependencies/python from the uv command (`/data/x` → `x`),
 *   image (a Space image is not re-offered: ""), flavor, timeout in seconds as text, env, labels
 *   without `name` and the app's own ({@link APP_LABELS}), `name`, user volumes (the artifacts
 *   folder's `/data` volume excluded), and each secret name with an empty value
 */
export function launchInputOf(job: JobSpecView): RerunInput {
  const command = parseUvCommand(job.command);
  return {
    command,
    // A job whose command is not `uv run` is a command job (hf jobs run): its argv comes back as typed.
    kind: command === null ? "command" : "uv",
    commandArgv: command === null ? job.command.map(unmountArg) : [],
    script: command?.script ?? "",
    args: command?.args ?? [],
    dependencies: command?.dependencies ?? [],
    python: command?.python ?? "",
    image: job.image.startsWith("space:") ? (command === null ? `hf.co/spaces/${job.image.slice("space:".length)}` : "") : job.image,
    flavor: job.flavor,
    timeout: job.timeoutSeconds === null ? undefined : String(job.timeoutSeconds),
    env: { ...job.environment },
    secrets: Object.fromEntries(job.secretNames.map((name) => [name, ""])),
    labels: Object.fromEntries(Object.entries(job.labels).filter(([k]) => k !== "name" && !APP_LABELS.includes(k))),
    name: job.labels.name ?? "",
    volumes: job.volumes
      .filter((v) => !(job.artifactsFolder !== null && v.type === "bucket" && v.mountPath === "/data" && v.path === job.artifactsFolder))
      .map((v) => ({
        type: v.type as RerunInput["volumes"][number]["type"],
        source: v.source,
        mountPath: v.mountPath,
        ...(v.path !== null ? { path: v.path } : {}),
        ...(v.revision !== null ? { revision: v.revision } : {}),
        readOnly: v.readOnly,
      })),
    expose: [...job.exposePorts],
    ssh: job.ssh,
  };
}

/** `/data/x` (alone or after `--flag=`) → `x`, the dropped file's name the composer rewrites again. */
function unmountArg(arg: string): string {
  const prefix = `${ARTIFACTS_MOUNT_PATH}/`;
  if (arg.startsWith(prefix)) return arg.slice(prefix.length);
  const flag = /^(--?[A-Za-z0-9][\w.-]*=)(.+)$/.exec(arg);
  return flag?.[1] !== undefined && flag[2]?.startsWith(prefix) ? `${flag[1]}${flag[2].slice(prefix.length)}` : arg;
}
