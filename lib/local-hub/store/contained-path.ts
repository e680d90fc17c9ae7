import {
  closeSync, constants, existsSync, fchownSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, rmdirSync, unlinkSync, type Stats,
} from "node:fs";
import { join } from "node:path";

/**
 * Paths inside a folder a job can write to (a bucket's tree), walked one component at a time without
 * ever following a symlink (issue 9, item 2): each component is opened with `O_NOFOLLOW` relative to the
 * already-open parent, through the parent's `/proc/self/fd/N` magic link. The file or folder finally
 * opened is therefore inside `root`, whatever a job swaps in meanwhile (no check-then-use race).
 * Without `/proc` (not Linux) the walk uses plain paths, still `O_NOFOLLOW` per component, and a race
 * with a concurrent writer remains possible; the sandbox only exists on Linux.
 */

const HAVE_PROC_FD = existsSync("/proc/self/fd");
const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/** Why a contained walk stopped: a component is a symlink, or is not a folder where one is needed. */
export class ContainmentError extends Error {
  /**
   * @param kind `symlink` (a link a job left: never followed) or `notdir` (a file where a folder is needed)
   * @param at the relative path up to and including the offending component
   */
  constructor(readonly kind: "symlink" | "notdir", readonly at: string) {
    super(kind === "symlink" ? `"${at}" is a symbolic link; the local Hub never follows links` : `"${at}" is a file, not a folder`);
    this.name = "ContainmentError";
  }
}

/** An open folder inside the root: its fd, and a path that names exactly it (`/proc/self/fd/N` on Linux). */
export interface DirHandle {
  fd: number;
  /** usable with any path-taking fs call; on Linux it cannot be redirected by a symlink */
  path: string;
  /** the relative path from the root ("" = root) */
  rel: string;
}

/** A path naming `name` inside the open folder `dir`. */
export function childPath(dir: DirHandle, name: string): string {
  return join(dir.path, name);
}

function handle(fd: number, fallbackPath: string, rel: string): DirHandle {
  return { fd, path: HAVE_PROC_FD ? `/proc/self/fd/${fd}` : fallbackPath, rel };
}

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

/**
 * Opens `name` inside `dir` as a folder, without following a symlink.
 * @returns the handle, or null when nothing is there
 * @throws ContainmentError when it is a symlink or not a folder
 */
export function openChildDir(dir: DirHandle, name: string): DirHandle | null {
  const rel = dir.rel ? `${dir.rel}/${name}` : name;
  const path = childPath(dir, name);
  let fd: number;
  try {
    fd = openSync(path, DIR_FLAGS);
  } catch (err) {
    const code = errno(err);
    if (code === "ENOENT") return null;
    if (code === "ELOOP" || code === "ENOTDIR" || code === "EMLINK") {
      const st = lstatOrNull(path);
      if (!st) return null;
      throw new ContainmentError(st.isSymbolicLink() ? "symlink" : "notdir", rel);
    }
    throw err;
  }
  return handle(fd, join(dir.path, name), rel);
}

/** Opens the trusted root folder (a Hub-made path such as a bucket's `files/`). @throws on a missing root */
export function openRoot(root: string): DirHandle {
  return handle(openSync(root, constants.O_RDONLY | constants.O_DIRECTORY), root, "");
}

/** Closes a handle (ignores an already closed fd). */
export function closeDir(dir: DirHandle): void {
  try {
    closeSync(dir.fd);
  } catch {
    // already closed
  }
}

/**
 * Walks `rel` ("" = the root itself, components separated by `/`, already validated: no `.`/`..`)
 * from `root`, optionally creating missing folders (owned by `owner` when given).
 * @returns the open folder, or null when a component is missing and `create` is false
 * @throws ContainmentError on a symlink or a file on the way
 */
export function openDirBeneath(root: string, rel: string, options: { create?: boolean; owner?: { uid: number; gid: number } | null } = {}): DirHandle | null {
  let dir = openRoot(root);
  for (const name of rel ? rel.split("/") : []) {
    let next: DirHandle | null;
    try {
      next = openChildDir(dir, name);
      if (!next && options.create) {
        try {
          mkdirSync(childPath(dir, name), { mode: 0o755 });
        } catch (err) {
          if (errno(err) !== "EEXIST") throw err;
        }
        next = openChildDir(dir, name);
        if (next && options.owner) fchownSync(next.fd, options.owner.uid, options.owner.gid);
      }
    } catch (err) {
      closeDir(dir);
      throw err;
    }
    closeDir(dir);
    if (!next) return null;
    dir = next;
  }
  return dir;
}

/**
 * Runs `fn` with the open parent folder of `rel` and the last component's name.
 * @returns what `fn` returns, or `missing` when a parent folder does not exist (and `create` is false)
 * @throws ContainmentError on a symlink or a file among the parents
 */
export function withParent<T>(root: string, rel: string, fn: (parent: DirHandle, name: string) => T, options: { create?: boolean; owner?: { uid: number; gid: number } | null; missing: T }): T {
  const parts = rel.split("/");
  const name = parts.pop() ?? "";
  const parent = openDirBeneath(root, parts.join("/"), options);
  if (!parent) return options.missing;
  try {
    return fn(parent, name);
  } finally {
    closeDir(parent);
  }
}

/** `lstat` that answers null for a missing entry. */
export function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/**
 * Opens the regular file at `rel` for reading without following any symlink.
 * @returns the fd and its `fstat`, or null when nothing (or something other than a regular file) is there;
 *   the caller closes the fd
 * @throws ContainmentError when a component, the file included, is a symlink
 */
export function openFileBeneath(root: string, rel: string): { fd: number; st: Stats } | null {
  return withParent(root, rel, (parent, name) => {
    let fd: number;
    try {
      fd = openSync(childPath(parent, name), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (err) {
      const code = errno(err);
      if (code === "ELOOP" || code === "EMLINK") throw new ContainmentError("symlink", rel);
      if (code === "ENOENT" || code === "ENOTDIR" || code === "ENXIO" || code === "EISDIR") return null;
      throw err;
    }
    const st = fstatSync(fd);
    // A FIFO or device a job made: never read (a FIFO would block the Hub).
    if (!st.isFile()) {
      closeSync(fd);
      return null;
    }
    return { fd, st };
  }, { missing: null });
}

/** Names in an open folder (empty when it vanished meanwhile). */
export function listDir(dir: DirHandle): string[] {
  try {
    return readdirSync(dir.path);
  } catch {
    return [];
  }
}

/**
 * Deepest folder nesting the Hub walks into (listings, disk accounting, removal): each level holds an fd
 * and a stack frame, and a job can nest folders without bound. Deeper parts are not listed; a job that
 * nests deeper is stopped by the disk watcher (runner/job-limit-watch.ts).
 */
export const MAX_DEPTH = 256;

/**
 * Visits every entry below `dir` (depth first, at most {@link MAX_DEPTH} levels: `onTooDeep` is called
 * instead of entering deeper, and may return false to stop), entering only real folders (opened with `O_NOFOLLOW`);
 * symlinks are reported with their own `lstat`, never entered. `visit` may return false to stop.
 * @returns false when stopped early
 */
export function walkTree(
  dir: DirHandle, visit: (dir: DirHandle, name: string, st: Stats) => boolean | void, onTooDeep: () => boolean | void = () => true, depth = 0,
): boolean {
  if (depth >= MAX_DEPTH) return onTooDeep() !== false;
  for (const name of listDir(dir)) {
    const st = lstatOrNull(childPath(dir, name));
    if (!st) continue;
    if (visit(dir, name, st) === false) return false;
    if (!st.isDirectory()) continue;
    let sub: DirHandle | null;
    try {
      sub = openChildDir(dir, name);
    } catch (err) {
      if (err instanceof ContainmentError) continue;
      throw err;
    }
    if (!sub) continue;
    try {
      if (!walkTree(sub, visit, onTooDeep, depth + 1)) return false;
    } finally {
      closeDir(sub);
    }
  }
  return true;
}

/**
 * Deletes the folder `root` (a Hub-made path) and everything below it; unlinks symlinks (never follows them) and enters folders only through `O_NOFOLLOW` handles, so a job
 * that swaps a folder for a link while this runs cannot make it delete a host file.
 */
export function removeTreeBeneath(root: string): void {
  let dir: DirHandle;
  try {
    dir = openRoot(root);
  } catch {
    return;
  }
  // Deeper than this a tree is left in place (a job that nests so deep is stopped long before).
  const empty = (d: DirHandle, depth: number) => {
    if (depth > 8 * MAX_DEPTH) return;
    for (const name of listDir(d)) {
      const path = childPath(d, name);
      const st = lstatOrNull(path);
      if (!st) continue;
      if (st.isDirectory()) {
        let sub: DirHandle | null = null;
        try {
          sub = openChildDir(d, name);
        } catch (err) {
          if (!(err instanceof ContainmentError)) throw err;
        }
        if (sub) {
          try {
            empty(sub, depth + 1);
          } finally {
            closeDir(sub);
          }
        }
        try {
          rmdirSync(path);
        } catch {
          // swapped meanwhile: unlink whatever is there now
          try {
            unlinkSync(path);
          } catch {
            // gone
          }
        }
      } else {
        try {
          unlinkSync(path);
        } catch {
          // gone
        }
      }
    }
  };
  try {
    empty(dir, 0);
  } finally {
    closeDir(dir);
  }
  try {
    rmdirSync(root);
  } catch {
    // not empty (a writer raced) or gone: leave it
  }
}
