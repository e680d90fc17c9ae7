import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync, copyFileSync, fchmodSync, fstatSync, existsSync, fchownSync, lchownSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync,
  renameSync, rmSync, statSync, symlinkSync,
} from "node:fs";
import { join } from "node:path";
import { childPath, type DirHandle, openRoot, walkTree } from "../store/contained-path";

/**
 * Host-side helpers of the job sandbox (issue 9): the unprivileged host user's access to the Hub's
 * folders, ownership of read-write volumes, disk accounting of a job's writable folders, and the
 * Hub's own rlimits (a job's can only be lower).
 */

let ownLimits: Map<string, number> | null = null;
/** This process's hard rlimit named as in `/proc/self/limits` ("Max open files"); Infinity when unlimited or unknown. */
export function hardLimit(name: string): number {
  if (!ownLimits) {
    ownLimits = new Map();
    try {
      for (const line of readFileSync("/proc/self/limits", "utf8").split("\n").slice(1)) {
        const m = /^(.+?)\s{2,}(\S+)\s+(\S+)/.exec(line);
        if (m) ownLimits.set(m[1], m[3] === "unlimited" ? Number.POSITIVE_INFINITY : Number(m[3]));
      }
    } catch {
      // not Linux: no limits to respect
    }
  }
  return ownLimits.get(name) ?? Number.POSITIVE_INFINITY;
}

/** Opens the job's private work folder (Hub-made) as a handle for the disk watcher; null when missing. */
export function openWorkDir(workDir: string): DirHandle | null {
  try {
    return openRoot(workDir);
  } catch {
    return null;
  }
}

/**
 * Bytes (the larger of apparent size and allocated blocks, so a sparse file counts its whole length) and entries below the
 * folders, symlinks counted but never followed. Stops counting past `maxEntries`.
 */
export function measureDirs(dirs: DirHandle[], maxEntries: number): { bytes: number; entries: number; tooDeep: boolean } {
  let bytes = 0;
  let entries = 0;
  let tooDeep = false;
  for (const dir of dirs) {
    walkTree(dir, (_d, _n, st) => {
      entries += 1;
      // Apparent size, not allocated blocks: a sparse file costs the Hub its whole length when it is
      // hashed, indexed into xorbs or downloaded, so holes count as bytes.
      if (!st.isDirectory()) bytes += Math.max(st.size, st.blocks * 512);
      return entries <= maxEntries;
    }, () => {
      tooDeep = true;
      return false;
    });
  }
  return { bytes, entries, tooDeep };
}

/**
 * Gives the sandbox's host user the files and folders of a read-write volume (those the Hub or an
 * earlier Hub version wrote as root), so the job can change them. Links are not followed (lchown
 * through the folder handle).
 */
export function adoptTree(dir: DirHandle, owner: { uid: number; gid: number }): void {
  try {
    fchownSync(dir.fd, owner.uid, owner.gid);
  } catch {
    // not ours to change: the job sees it read-only
  }
  walkTree(dir, (d, name, st) => {
    if (st.uid === owner.uid && st.gid === owner.gid) return;
    try {
      lchownSync(childPath(d, name), owner.uid, owner.gid);
    } catch {
      // vanished meanwhile
    }
  });
}

/**
 * Makes a finished Python environment the Hub's alone before it is shared by every later job: owner
 * `owner` (lchown, links not followed), and no write bit for group or others and no setuid/setgid on
 * any file or folder (a pip build may run a package's setup code, which could `chmod -R a+w` the env
 * to poison it for the next job). Symlinks keep their (meaningless) modes: chmod would follow them.
 * Called once the build's sandbox has ended, so nothing inside can race the walk.
 */
export function sealTree(dir: DirHandle, owner: { uid: number; gid: number }): void {
  const safe = (mode: number) => mode & 0o7777 & ~0o022 & ~0o6000;
  fchownSync(dir.fd, owner.uid, owner.gid);
  fchmodSync(dir.fd, safe(fstatSync(dir.fd).mode));
  walkTree(dir, (d, name, st) => {
    const path = childPath(d, name);
    try {
      lchownSync(path, owner.uid, owner.gid);
      if (!st.isSymbolicLink()) chmodSync(path, safe(st.mode));
    } catch {
      // vanished meanwhile
    }
  });
}

/**
 * Lets the sandbox's host user reach folders below the Hub's state folder by name (bwrap resolves its
 * bind sources by path): `dir` gets the search bit for others, and the Hub's own files are made
 * private to the Hub's user (SQLite, which holds xet tokens and secrets, and its journal files).
 */
export function opensStateToSandboxUser(dir: string): void {
  try {
    chmodSync(dir, statSync(dir).mode | 0o001);
    for (const name of ["hub.sqlite", "hub.sqlite-wal", "hub.sqlite-shm", "token", "oauth-client.json", "cas-url-key"]) {
      if (existsSync(join(dir, name))) chmodSync(join(dir, name), 0o600);
    }
  } catch {
    // not ours to change: the probe below then finds the folder unreachable
  }
}

/** True when `user` can run bwrap with a user namespace and reach `dir` (probed once per Hub: ~5 ms). */
export function userNamespacesWork(bwrap: string, user: { uid: number; gid: number }, dir: string): boolean {
  const r = spawnSync(bwrap, [
    "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--ro-bind", dir, "/probe",
    "--unshare-user", "--uid", "1000", "--cap-drop", "ALL", "--", "/usr/bin/true",
  ], {
    uid: user.uid, gid: user.gid, timeout: 5000, stdio: "ignore",
  });
  return r.status === 0;
}


/**
 * True when `user` can reach `path` by name: every folder above it grants search (x) to that user
 * (as owner, group or other). bwrap resolves even an fd's bind source back to its path (realpath of
 * `/proc/self/fd/N`), so a folder below a closed one (pyenv under /root, 0700) cannot be bound by the
 * unprivileged host user, fd or not.
 */
export function reachableBy(path: string, user: { uid: number; gid: number }): boolean {
  const parts = path.split("/").filter(Boolean);
  for (let i = 0; i < parts.length; i += 1) {
    const dir = `/${parts.slice(0, i).join("/")}`;
    let st;
    try {
      st = statSync(dir);
    } catch {
      return false;
    }
    const bit = st.uid === user.uid ? 0o100 : st.gid === user.gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return false;
  }
  return true;
}

/**
 * A copy of the Hub-chosen host folder `source` (an interpreter prefix: trusted, not a job's) below
 * `cacheDir`, which the sandbox's host user can reach, made of hard links where the file system allows
 * (same inodes, same modes: nothing becomes more readable than it was) and copies otherwise; symlinks
 * are recreated as they are (resolved only inside the sandbox, where the copy is bound at `source`'s
 * path). Built once per `source` into a temporary folder renamed into place.
 * @returns the copy's path
 * @throws Error when it cannot be built (the caller names `source` in the job's error)
 */
export function mirrorFolder(source: string, cacheDir: string): string {
  const key = createHash("sha256").update(source).digest("hex").slice(0, 16);
  const target = join(cacheDir, key);
  if (existsSync(target)) return target;
  mkdirSync(cacheDir, { recursive: true, mode: 0o755 });
  const tmp = join(cacheDir, `.tmp-${key}-${process.pid}-${Date.now()}`);
  const copy = (from: string, to: string) => {
    const st = lstatSync(from);
    if (st.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else if (st.isDirectory()) {
      mkdirSync(to, { mode: st.mode & 0o7777 });
      chmodSync(to, st.mode & 0o7777);
      for (const name of readdirSync(from)) copy(join(from, name), join(to, name));
    } else if (st.isFile()) {
      try {
        linkSync(from, to);
      } catch {
        copyFileSync(from, to);
        chmodSync(to, st.mode & 0o777);
      }
    }
    // sockets, FIFOs, devices: not part of an interpreter
  };
  try {
    copy(source, tmp);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(target)) throw err;
  }
  return target;
}
