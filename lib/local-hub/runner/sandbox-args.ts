/** A host folder bound into the sandbox. */
export interface SandboxMount {
  /** the host folder (for messages when `fd` is set) */
  hostPath: string;
  /**
   * fd number under which bwrap inherits the already opened folder: bound with `--bind-fd` (race-free:
   * no path is resolved again, so no symlink a job swaps in is followed), and closed by bwrap once bound.
   */
  fd?: number;
  /** absolute path inside the sandbox */
  mountPath: string;
  readOnly: boolean;
}

/** Folders of the sandbox's read-only system root; a volume cannot be mounted inside them. */
export const SYSTEM_PATHS = ["/usr", "/bin", "/lib", "/lib64", "/sbin", "/etc", "/dev", "/proc"];

/** The job's private working folder inside the sandbox (also `HOME`). */
export const SANDBOX_WORKDIR = "/workspace";

/** The unprivileged user a job runs as inside its user namespace (named `job` in the generated `/etc/passwd`). */
export const SANDBOX_UID = 1000;
export const SANDBOX_GID = 1000;

/**
 * The host's `/etc` entries a job sees (read-only, each bound only when it exists: `--ro-bind-try`).
 * Nothing else of the host's `/etc` is visible: no `shadow`, no `ssl/private`, no host `passwd`.
 * CA certificates and resolver config (HTTPS and DNS once a job has network), the dynamic linker's cache,
 * Debian's `alternatives` symlinks (many `/usr/bin` tools point there), time zone, and pip's machine
 * config (`/etc/pip.conf`, `/etc/xdg/pip/`: the local package index jobs install from).
 */
export const ETC_ALLOWLIST = [
  "/etc/ssl/certs", "/etc/ssl/openssl.cnf", "/etc/ca-certificates", "/etc/ca-certificates.conf", "/etc/resolv.conf",
  "/etc/nsswitch.conf", "/etc/host.conf", "/etc/gai.conf", "/etc/services", "/etc/protocols", "/etc/ld.so.cache",
  "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/localtime", "/etc/timezone", "/etc/mime.types",
  "/etc/os-release", "/etc/debian_version", "/etc/python3", "/etc/python3.11", "/etc/pip.conf", "/etc/xdg/pip",
] as const;

/** Files the local Hub generates for every sandbox (see {@link sandboxEtcFiles}); bound over `/etc/<name>`. */
export const GENERATED_ETC = ["passwd", "group", "hosts", "hostname"] as const;

/** Contents of the generated `/etc` files: one unprivileged `job` user, no host accounts or host names. */
export function sandboxEtcFiles(): Record<(typeof GENERATED_ETC)[number], string> {
  return {
    passwd: `root:x:0:0:root:/root:/usr/sbin/nologin\njob:x:${SANDBOX_UID}:${SANDBOX_GID}:job:${SANDBOX_WORKDIR}:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n`,
    group: `root:x:0:\njob:x:${SANDBOX_GID}:\nnogroup:x:65534:\n`,
    hosts: "127.0.0.1\tlocalhost job\n::1\tlocalhost ip6-localhost ip6-loopback\n",
    hostname: "job\n",
  };
}

/**
 * bubblewrap arguments for one job (specs/stack.md §10.2). The root is built piece by piece (`/usr`
 * read-only, `/bin` `/lib` `/lib64` `/sbin` as symlinks into `/usr`, fresh `/dev` (read-only but for
 * its device nodes and a size-limited `/dev/shm`) and `/proc`, a private size-limited tmpfs `/tmp`, an `/etc` made only of {@link ETC_ALLOWLIST} plus the generated files in
 * `etcDir`), because binding onto a read-only `/` cannot create `/data`.
 * `workDir` is bound at {@link SANDBOX_WORKDIR}; each mount is created with `--dir` then bound,
 * shallowest first so nested mount paths stack. `extraReadOnly` are more read-only host paths (a Python
 * interpreter outside /usr, pip's configuration and local indexes), bound after the system root (bwrap
 * creates the missing parents of a bind destination itself, files and folders alike); `hostsFile`
 * replaces the generated `/etc/hosts` (network-group names, see network-group.ts), bound by path so the
 * Hub's in-place rewrites are seen.
 *
 * Privileges (issue 9): `--unshare-all` (user, pid, ipc, uts, cgroup and network namespaces; `network`
 * keeps the host's network namespace with `--share-net`, as HF Jobs have internet) with an
 * explicit `--unshare-user --uid/--gid` so the job is an unprivileged user of its own namespace whatever
 * user the Hub runs as, `--cap-drop ALL` (no capability even inside the namespace: no mount, no mknod,
 * no setuid effect), `--disable-userns` (no nested user namespace to regain capabilities in),
 * `--new-session` (no TIOCSTI into a terminal), `--die-with-parent`. The kernel's `no_new_privs`,
 * set by bwrap, makes setuid binaries powerless.
 * `--as-pid-1` makes the command PID 1 of its pid namespace, as in a container without `--init`: when it
 * exits, the kernel kills every process left in the namespace; bwrap's own init would otherwise linger
 * as a zombie (seen with bubblewrap 0.8.0). Cancel/timeout signal the processes inside (the runner
 * finds them through the process tree), and killing bwrap takes PID 1 down through `--die-with-parent`.
 * `--clearenv` leaves only `env`. `/` itself is remounted read-only once everything is bound.
 */
export function buildBwrapArgs(p: {
  workDir: string; mounts: SandboxMount[]; env: Record<string, string>; argv: string[];
  /** host folder holding {@link GENERATED_ETC} */
  etcDir: string;
  /**
   * fds bwrap inherits for the generated `/etc` files (copied in with `--ro-bind-data`) and for `workDir`
   * (`--bind-fd`): then bwrap needs no access to the Hub's folder, which may be closed to the
   * unprivileged host user that runs it
   */
  fds?: { etc?: Partial<Record<(typeof GENERATED_ETC)[number], number>>; workDir?: number };
  /** bytes of the `/tmp` tmpfs, and of `/dev/shm` */
  tmpBytes: number;
  /** read-only host paths, bound from their fd when set (mountPath usually = hostPath) */
  extraReadOnly?: SandboxMount[];
  /** keep the host's network namespace (outbound network, like HF Jobs); default false = no network */
  network?: boolean;
  /** host file bound read-only at `/etc/hosts` instead of the generated one; must be readable by the user running bwrap */
  hostsFile?: string;
}): string[] {
  const args = [
    "--ro-bind", "/usr", "/usr",
    "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
    "--symlink", "usr/sbin", "/sbin",
    "--dev", "/dev", "--size", String(Math.max(1, Math.floor(p.tmpBytes))), "--tmpfs", "/dev/shm",
    "--proc", "/proc", "--size", String(Math.max(1, Math.floor(p.tmpBytes))), "--tmpfs", "/tmp",
    "--dir", "/etc",
  ];
  for (const path of ETC_ALLOWLIST) args.push("--ro-bind-try", path, path);
  for (const name of GENERATED_ETC) {
    if (name === "hosts" && p.hostsFile) {
      args.push("--ro-bind", p.hostsFile, "/etc/hosts");
      continue;
    }
    const fd = p.fds?.etc?.[name];
    if (fd !== undefined) args.push("--perms", "0644", "--ro-bind-data", String(fd), `/etc/${name}`);
    else args.push("--ro-bind", `${p.etcDir}/${name}`, `/etc/${name}`);
  }
  for (const m of p.extraReadOnly ?? []) {
    if (m.fd !== undefined) args.push("--ro-bind-fd", String(m.fd), m.mountPath);
    else args.push("--ro-bind", m.hostPath, m.mountPath);
  }
  args.push("--dir", SANDBOX_WORKDIR);
  if (p.fds?.workDir !== undefined) args.push("--bind-fd", String(p.fds.workDir), SANDBOX_WORKDIR);
  else args.push("--bind", p.workDir, SANDBOX_WORKDIR);
  const mounts = [...p.mounts].sort((a, b) => a.mountPath.split("/").length - b.mountPath.split("/").length);
  for (const m of mounts) {
    args.push("--dir", m.mountPath);
    if (m.fd !== undefined) args.push(m.readOnly ? "--ro-bind-fd" : "--bind-fd", String(m.fd), m.mountPath);
    else args.push(m.readOnly ? "--ro-bind" : "--bind", m.hostPath, m.mountPath);
  }
  // The root tmpfs belongs to the job's user: read-only, so no file appears in /, /etc, … (e.g. /etc/ld.so.preload).
  args.push("--remount-ro", "/", "--remount-ro", "/dev");
  args.push(
    "--chdir", SANDBOX_WORKDIR, "--unshare-all", ...(p.network ? ["--share-net"] : []), "--unshare-user", "--uid", String(SANDBOX_UID), "--gid", String(SANDBOX_GID),
    "--disable-userns", "--cap-drop", "ALL", "--hostname", "job", "--new-session", "--as-pid-1", "--die-with-parent", "--clearenv",
  );
  for (const [k, v] of Object.entries(p.env)) args.push("--setenv", k, v);
  args.push("--", ...p.argv);
  return args;
}
