import { closeSync, openSync, readSync } from "node:fs";
import type { HubContext } from "../context";
import type { RepoCommit } from "./repos";
import { blobPath } from "./repos";

/**
 * `.gitattributes` LFS patterns of a repo commit, matched without backtracking.
 *
 * The patterns are repo content, written by anyone with write access and evaluated on every preupload:
 * turned into a RegExp (as before), `**a**a**c` against a 1000-character path backtracks for minutes and
 * freezes the whole Hub (pentest). picomatch/minimatch in node_modules also compile to a backtracking
 * RegExp, so this module matches with a small NFA simulation: O(path length × pattern length) per match,
 * whatever the pattern. Work per preupload is bounded by the caps below (the local Hub's choices; the
 * Hub's own `.gitattributes` of a new repo has about 35 patterns of ≤ 20 bytes).
 */

/** Bytes of `.gitattributes` read; the rest of a longer file is ignored. */
export const MAX_GITATTRIBUTES_BYTES = 64 * 1024;
/** LFS patterns used; later `filter=lfs` lines are ignored. */
export const MAX_LFS_PATTERNS = 200;
/** Longest pattern used, bytes; longer lines are ignored. */
export const MAX_LFS_PATTERN_BYTES = 256;

/** One compiled pattern: its tokens, and whether it matches the basename (no `/` in it, as git does). */
export interface LfsPattern {
  basename: boolean;
  tokens: Token[];
}

/** `lit` one char; `one` `?` (not `/`); `star` `*` (no `/`); `any` `**` (anything, `/` included). */
type Token = { t: "lit"; ch: string } | { t: "one" } | { t: "star" } | { t: "any" };

function compile(pattern: string): LfsPattern {
  const basename = !pattern.includes("/");
  const body = pattern.startsWith("/") ? pattern.slice(1) : pattern;
  const tokens: Token[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === "*") {
      const double = body[i + 1] === "*";
      while (body[i + 1] === "*") i++;
      const t: Token = double && !basename ? { t: "any" } : { t: "star" };
      // Consecutive stars are one: fewer states, same language.
      const last = tokens[tokens.length - 1];
      if (last && (last.t === "star" || last.t === "any")) {
        if (t.t === "any") tokens[tokens.length - 1] = t;
      } else tokens.push(t);
    } else if (ch === "?") tokens.push({ t: "one" });
    else tokens.push({ t: "lit", ch });
  }
  return { basename, tokens };
}

/**
 * True when `path` (a repo path, `/`-separated) matches `p`: a slash-less pattern against the basename,
 * any other against the whole path (a leading `/` anchors at the root, as git does). Runs a set of NFA
 * states over the input once, so the cost is O(|path| × |tokens|) with no backtracking.
 */
export function matchLfsPattern(p: LfsPattern, path: string): boolean {
  const text = p.basename ? path.slice(path.lastIndexOf("/") + 1) : path;
  const m = p.tokens.length;
  let cur = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  const close = (s: Uint8Array) => {
    // A star may match nothing: its state also stands at the next token.
    for (let i = 0; i < m; i++) if (s[i] && (p.tokens[i].t === "star" || p.tokens[i].t === "any")) s[i + 1] = 1;
  };
  cur[0] = 1;
  close(cur);
  for (let k = 0; k < text.length; k++) {
    const ch = text[k];
    next.fill(0);
    let alive = false;
    for (let i = 0; i < m; i++) {
      if (!cur[i]) continue;
      const tok = p.tokens[i];
      if (tok.t === "any" || (tok.t === "star" && ch !== "/")) next[i] = 1;
      else if ((tok.t === "lit" && tok.ch === ch) || (tok.t === "one" && ch !== "/")) next[i + 1] = 1;
      else continue;
      alive = true;
    }
    if (!alive) return false;
    close(next);
    [cur, next] = [next, cur];
  }
  return cur[m] === 1;
}

/** The LFS patterns of a `.gitattributes` text (`pattern … filter=lfs …` lines), within the caps above. */
export function lfsPatterns(text: string): LfsPattern[] {
  const out: LfsPattern[] = [];
  for (const line of text.split("\n")) {
    if (out.length >= MAX_LFS_PATTERNS) break;
    const [pattern, ...attrs] = line.trim().split(/\s+/);
    if (!pattern || pattern.startsWith("#") || !attrs.includes("filter=lfs")) continue;
    if (Buffer.byteLength(pattern) > MAX_LFS_PATTERN_BYTES) continue;
    out.push(compile(pattern));
  }
  return out;
}

/** The first {@link MAX_GITATTRIBUTES_BYTES} of the commit's `.gitattributes` ("" when it has none). */
export function gitattributesOf(ctx: HubContext, commit: RepoCommit): string {
  const f = commit.files.find((x) => x.path === ".gitattributes");
  if (!f) return "";
  const buf = Buffer.alloc(Math.min(f.size, MAX_GITATTRIBUTES_BYTES));
  let fd: number;
  try {
    fd = openSync(blobPath(ctx, f.sha256), "r");
  } catch {
    return "";
  }
  try {
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off).toString("utf8");
  } finally {
    closeSync(fd);
  }
}
