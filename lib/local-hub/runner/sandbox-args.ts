/** A host folder bound into the sandbox. */
export interface SandboxMount {
  hostPath: string;
  /** absolute path inside the sandbox */
  mountPath: string;
  readOnly: boolean;
}

/** Folders of the sandbox's read-only system root; a volume cannot be mounted inside them. */
export const SYSTEM_PATHS = ["/usr", "/bin", "/lib", "/lib64", "/sbin", "/etc", "/dev", "/proc"];

/** The job's private working folder inside the sandbox (also `HOME`). */
export const SANDBOX_WORKDIR = "/workspace";

/**
 * bubblewrap arguments for one job (specs/stack.md §10.2): the root is built piece by piece
 * (`/usr` and `/etc` read-only, `/bin` `/lib` `/lib64` `/sbin` as symlinks into `/usr`, fresh `/dev`,
 * `/proc`, a private tmpfs `/tmp`), because binding onto a read-only `/` cannot create `/data`.
 * `workDir` is bound at {@link SANDBOX_WORKDIR}; each mount is created with `--dir` then bound,
 * shallowest first so nested mount paths stack. `--unshare-all` also removes the network unless `network` keeps it (`--share-net`);
 * `--die-with-parent` ties the sandbox to the local Hub process; `--clearenv` leaves only `env`.
 * `--as-pid-1` makes the command PID 1 of its namespace, as in a container without `--init`: without
 * it bwrap's own init is left as a zombie for the host's PID 1 to reap after every job (seen with
 * bubblewrap 0.8.0), and, as in Docker, a PID 1 without a SIGTERM handler ignores SIGTERM, so a
 * cancel/timeout ends with the SIGKILL after the grace period.
 * No `--new-session`: the job must stay in the process group the runner kills.
 */
export function buildBwrapArgs(p: {
  workDir: string; mounts: SandboxMount[]; env: Record<string, string>; argv: string[];
  /** keep the host's network namespace (outbound network, like HF Jobs); default false = no network */
  network?: boolean;
  /** host files or folders bound read-only at the same path (e.g. pip's configuration and local indexes) */
  extraRoBinds?: string[];
  /** host file bound read-only at `/etc/hosts` (network-group names, see network-group.ts) */
  hostsFile?: string;
}): string[] {
  const args = [
    "--ro-bind", "/usr", "/usr",
    "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
    "--symlink", "usr/sbin", "/sbin",
    "--ro-bind", "/etc", "/etc", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
    "--dir", SANDBOX_WORKDIR, "--bind", p.workDir, SANDBOX_WORKDIR,
  ];
  const mounts = [...p.mounts].sort((a, b) => a.mountPath.split("/").length - b.mountPath.split("/").length);
  for (const m of mounts) args.push("--dir", m.mountPath, m.readOnly ? "--ro-bind" : "--bind", m.hostPath, m.mountPath);
  // bwrap creates the missing parents of a bind destination itself (files and folders alike).
  for (const path of p.extraRoBinds ?? []) args.push("--ro-bind", path, path);
  if (p.hostsFile) args.push("--ro-bind", p.hostsFile, "/etc/hosts");
  args.push("--chdir", SANDBOX_WORKDIR, "--unshare-all", ...(p.network ? ["--share-net"] : []), "--as-pid-1", "--die-with-parent", "--clearenv");
  for (const [k, v] of Object.entries(p.env)) args.push("--setenv", k, v);
  args.push("--", ...p.argv);
  return args;
}
