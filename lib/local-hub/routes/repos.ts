import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { type Caller, canWrite, getCaller, requireCaller, requireRepoScope } from "../auth";
import type { HubContext } from "../context";
import { hubError } from "../errors";
import type { HubEnv } from "../hub-env";
import { wipeRepoTrees } from "../runner/repo-volumes";
import { gitattributesOf, lfsPatterns, matchLfsPattern } from "../store/gitattributes";
import { putInlineBlobs } from "../store/repo-blobs";
import { ensureRepoBlob, issueRepoXetToken } from "../store/repo-xet";
import {
  type Repo, type RepoCommit, type RepoFile, type RepoOperation, type RepoType, blobPath, commitHistory, commitOperations,
  createRepo, deleteRepo, gitBlobOid, headSummary, grantRepoBlob, lfsFileEntry, lfsPointer, listRepos, parseRepoId,
  repoHasBlob, repoUrlPrefix, requireRepo, requireRevision, setRepoPrivate, wipeRepos,
} from "../store/repos";
import {
  issuesOf, jsonOf, ndjsonLines, originOf, paginate, readBody, REPO_BODY_LIMITS, revAndPath, TREE_PAGE, validateRepoPath,
} from "./helpers";

/** Files of at least this many bytes are LFS (the Hub's 10 MB limit for regular git files). */
const LFS_THRESHOLD = 10 * 1000 * 1000;
const LIST_PAGE = { default: 1000, max: 1000 } as const;
/**
 * Paths per paths-info request. Neither huggingface_hub (`get_paths_info`) nor the Hub documents a cap;
 * 10 000 is the local Hub's bound (README "Input limits"); the JS client sends 100 at a time.
 */
const MAX_PATHS_INFO = 10_000;
/**
 * File lines (file, lfsFile, deleted*) of one commit: the local Hub's bound (README "Input limits"),
 * like the Hub's advice to split uploads of many files into commits of a few thousand (huggingface_hub
 * `upload_large_folder`); the 64 MiB commit body limit bounds the bytes, as 16 MiB does a bucket batch.
 */
const MAX_COMMIT_OPERATIONS = 25_000;

const createSchema = z.object({
  name: z.string(),
  organization: z.string().nullish(),
  type: z.enum(["model", "dataset", "space"]).nullish(),
  private: z.boolean().nullish(),
  visibility: z.enum(["public", "private", "protected"]).nullish(),
  sdk: z.string().nullish(),
  files: z.array(z.object({ path: z.string(), content: z.string(), encoding: z.string().optional() })).max(1000).optional(),
}).loose();

const deleteSchema = z.object({
  name: z.string(), organization: z.string().nullish(), type: z.enum(["model", "dataset", "space"]).nullish(),
}).loose();

const preuploadSchema = z.object({
  files: z.array(z.object({ path: z.string(), size: z.number().int().nonnegative(), sample: z.string().optional() }).loose()).max(1000),
}).loose();

const settingsSchema = z.object({ private: z.boolean().optional(), visibility: z.enum(["public", "private"]).optional() }).loose();

const commitLine = z.discriminatedUnion("key", [
  z.object({ key: z.literal("header"), value: z.object({ summary: z.string().nullish(), description: z.string().nullish(), parentCommit: z.string().nullish() }).loose() }),
  z.object({ key: z.literal("file"), value: z.object({ path: z.string(), content: z.string(), encoding: z.string().nullish() }).loose() }),
  z.object({ key: z.literal("lfsFile"), value: z.object({ path: z.string(), algo: z.string().nullish(), oid: z.string(), size: z.number().int().nonnegative() }).loose() }),
  z.object({ key: z.literal("deletedFile"), value: z.object({ path: z.string() }).loose() }),
  z.object({ key: z.literal("deletedFolder"), value: z.object({ path: z.string() }).loose() }),
  z.object({ key: z.literal("deletedEntry"), value: z.object({ path: z.string() }).loose() }),
  z.object({ key: z.literal("copyFile"), value: z.object({ path: z.string() }).loose() }),
]);

/** sha1 standing for a folder's tree oid: stable per commit and folder (the local Hub keeps no git trees). */
const folderOid = (commit: RepoCommit, path: string) => createHash("sha1").update(`tree ${commit.sha} ${path}`).digest("hex");

function fileEntry(f: RepoFile) {
  return {
    type: "file", oid: f.oid, size: f.size, path: f.path,
    ...(f.lfs ? { lfs: { oid: f.sha256, size: f.size, pointerSize: Buffer.byteLength(lfsPointer(f.sha256, f.size)) } } : {}),
  };
}

/** Files and folders of `commit` under `prefix` ("" = root), recursive or one level, sorted by path. */
function treeEntries(commit: RepoCommit, prefix: string, recursive: boolean) {
  const base = prefix ? prefix + "/" : "";
  const dirs = new Set<string>();
  const out: { key: string; item: unknown }[] = [];
  for (const f of commit.files) {
    if (!f.path.startsWith(base)) continue;
    const rest = f.path.slice(base.length);
    const parts = rest.split("/");
    for (let i = 1; i < parts.length && (recursive || i === 1); i++) dirs.add(base + parts.slice(0, i).join("/"));
    if (recursive || parts.length === 1) out.push({ key: f.path, item: fileEntry(f) });
  }
  for (const d of dirs) out.push({ key: d, item: { type: "directory", oid: folderOid(commit, d), size: 0, path: d } });
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const repoUrl = (c: Context, repo: Repo) => `${originOf(c)}/${repoUrlPrefix(repo.type)}${repo.fullName}`;

/** The repo info JSON (huggingface_hub hf_api.py `ModelInfo`/`DatasetInfo`/`SpaceInfo`) at `commit`. */
function repoJson(c: Context, repo: Repo, commit: RepoCommit) {
  return {
    _id: repo.id, id: repo.fullName, author: repo.namespace, sha: commit.sha, lastModified: commit.createdAt,
    createdAt: repo.createdAt, private: repo.private, gated: false, disabled: false, downloads: 0, likes: 0, tags: [],
    siblings: commit.files.map((f) => ({ rfilename: f.path })),
    usedStorage: commit.files.reduce((n, f) => n + f.size, 0),
    ...(repo.type === "space" ? { sdk: repo.sdk ?? "static", subdomain: `${repo.namespace}-${repo.name}`.toLowerCase(), runtime: { stage: "NO_APP_FILE" } } : {}),
    ...(repo.type === "model" ? { modelId: repo.fullName } : {}),
    url: repoUrl(c, repo),
  };
}

/** `ns/name` of a create/delete body (`organization` + `name`, or a `name` holding `ns/name`). */
function bodyRepoId(caller: Caller, b: { name: string; organization?: string | null }): string {
  const id = b.name.includes("/") ? b.name : `${b.organization ?? caller.user.name}/${b.name}`;
  parseRepoId(id, "name");
  return id;
}

/** The header of a commit body (huggingface_hub _commit_api.py `_payload_as_ndjson`). */
type CommitHeader = { summary?: string | null; description?: string | null; parentCommit?: string | null };

/** One operation of a commit body, before any blob is written. */
type Pending = { kind: "file"; path: string; bytes: Buffer } | { kind: "lfs"; path: string; oid: string; size: number } | { kind: "delete" | "deleteFolder"; path: string };

/**
 * Parses a commit's NDJSON (`{"key":"header"|"file"|"lfsFile"|"deletedFile"|"deletedFolder"|…,"value":…}`
 * lines; huggingface_hub _commit_api.py, @huggingface/hub commit.ts) without touching the store.
 * @throws HubError 400 naming the line: not JSON, a bad field, a path twice, no header, nothing to commit
 */
function parseCommitBody(text: string): { header: CommitHeader; pending: Pending[] } {
  let header: CommitHeader | null = null;
  const pending: Pending[] = [];
  const seen = new Set<string>();
  for (const { line, json } of ndjsonLines(text, "Commit")) {
    const parsed = commitLine.safeParse(json);
    if (!parsed.success) throw hubError(400, `Commit line ${line}: ${issuesOf(parsed.error)}`);
    const l = parsed.data;
    if (l.key === "header") {
      header = l.value;
      continue;
    }
    if (pending.length >= MAX_COMMIT_OPERATIONS) {
      throw hubError(400, `Commit line ${line}: a commit of the local Hub takes at most ${MAX_COMMIT_OPERATIONS} file operations; split it into several commits`);
    }
    if (l.key === "copyFile") throw hubError(400, `Commit line ${line}: copyFile is not supported by the local Hub`);
    const path = l.key === "deletedFolder" ? l.value.path.replace(/\/+$/, "") : l.value.path;
    validateRepoPath(path, `path on commit line ${line}`);
    if (seen.has(path)) throw hubError(400, `Commit line ${line}: ${path} appears twice in this commit`);
    seen.add(path);
    if (l.key === "file") {
      if (l.value.encoding && l.value.encoding !== "base64") throw hubError(400, `Commit line ${line}: encoding must be "base64"`);
      pending.push({ kind: "file", path, bytes: Buffer.from(l.value.content, "base64") });
    } else if (l.key === "lfsFile") {
      if (l.value.algo && l.value.algo !== "sha256") throw hubError(400, `Commit line ${line}: algo must be "sha256"`);
      if (!/^[0-9a-f]{64}$/.test(l.value.oid)) throw hubError(400, `Commit line ${line}: oid must be a sha256 (64 lowercase hex)`);
      pending.push({ kind: "lfs", path, oid: l.value.oid, size: l.value.size });
    } else {
      pending.push({ kind: l.key === "deletedFolder" ? "deleteFolder" : "delete", path });
    }
  }
  const h = header as CommitHeader | null;
  if (!h) throw hubError(400, "The commit body must start with a header line {\"key\":\"header\",…}");
  if (pending.length === 0) throw hubError(400, "No files have been modified since last commit. Skipping to prevent empty commit.");
  return { header: h, pending };
}

/**
 * Models, datasets and Spaces (git repos) as huggingface_hub `hf_api.py` and @huggingface/hub use them,
 * mounted at `/api/repos` (beside routes/bucket-move.ts's `/move`):
 * `POST /api/repos/create` (409 with `url` when it exists), `DELETE /api/repos/delete`. The rest of the
 * repo API: {@link repoApiRoutes}; files and LFS: routes/repo-files.ts. The areas share this summary:
 * `PUT /api/{type}s/{id}/settings`, repo info (`GET /api/{type}s/{id}[/revision/{rev}]`), listing
 * (`GET /api/{type}s?author=&search=`), `preupload`, the Git LFS batch API (`basic` transfer to a signed
 * local URL; `xet` is not offered, so @huggingface/hub falls back to it), xet write tokens (huggingface_hub
 * with hf_xet always uploads LFS-mode files through Xet), the NDJSON `commit`, `tree` (paginated, recursive),
 * `paths-info`, `commits`, and `resolve`/`raw` with `ETag`, `X-Repo-Commit`, `X-Linked-Size`/`X-Linked-Etag`.
 * One branch, `main`; any commit sha is a revision. Private repos are invisible to non-members.
 */
export function repoAdminRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  ctx.onReset(() => {
    wipeRepos(ctx);
    wipeRepoTrees(ctx);
  });
  app.post("/create", async (c) => {
    const caller = requireCaller(ctx, c);
    requireRepoScope(caller, "manage");
    const body = createSchema.safeParse(await jsonOf(c, REPO_BODY_LIMITS.commit, "create body", true));
    if (!body.success) throw hubError(400, `Invalid create body: ${issuesOf(body.error)}`);
    const type: RepoType = body.data.type ?? "model";
    const repoId = bodyRepoId(caller, body.data);
    const namespace = repoId.split("/")[0];
    if (!ctx.identity.account(namespace)) throw hubError(404, `Namespace ${namespace} not found`);
    if (!canWrite(caller, namespace)) throw hubError(403, `You don't have the rights to create a ${type} under the namespace "${namespace}"`);
    const isPrivate = body.data.visibility ? body.data.visibility !== "public" : body.data.private ?? false;
    const files = (body.data.files ?? []).map((f, i) => {
      validateRepoPath(f.path, `files[${i}].path`);
      if (f.encoding && f.encoding !== "base64" && f.encoding !== "utf-8") throw hubError(400, `files[${i}].encoding must be base64`);
      return { path: f.path, bytes: f.encoding === "base64" ? Buffer.from(f.content, "base64") : Buffer.from(f.content, "utf8") };
    });
    const sdk = type === "space" ? body.data.sdk ?? "static" : null;
    const repo = await createRepo(ctx, { type, repoId, private: isPrivate, sdk, author: caller.user.name });
    const url = `${originOf(c)}/${repoUrlPrefix(type)}${repoId}`;
    if (!repo) throw hubError(409, `You already created this ${type} repo`, undefined, { url });
    if (files.length) {
      // A create whose files cannot be committed (a path that is both a file and a folder…) creates nothing.
      try {
        const ops: RepoOperation[] = [];
        const blobs = await putInlineBlobs(ctx, files.map((f) => f.bytes));
        for (const [i, f] of files.entries()) {
          const blob = blobs[i];
          grantRepoBlob(ctx, repo, blob.sha256);
          ops.push({ op: "add", file: { path: f.path, size: blob.size, sha256: blob.sha256, oid: gitBlobOid(f.bytes), lfs: false } });
        }
        commitOperations(ctx, repo, { branch: "main", title: "Upload files", description: "", author: caller.user.name, operations: ops });
      } catch (err) {
        deleteRepo(ctx, repo);
        throw err;
      }
    }
    return c.json({ url, name: repo.fullName, id: repo.id });
  });

  app.delete("/delete", async (c) => {
    const caller = requireCaller(ctx, c);
    requireRepoScope(caller, "manage");
    const body = deleteSchema.safeParse(await jsonOf(c, REPO_BODY_LIMITS.json, "delete body", true));
    if (!body.success) throw hubError(400, `Invalid delete body: ${issuesOf(body.error)}`);
    const repo = requireRepo(ctx, caller, body.data.type ?? "model", bodyRepoId(caller, body.data), "write");
    deleteRepo(ctx, repo);
    return c.body(null, 200);
  });

  return app;
}

/**
 * The repo API of one type, mounted at `/api/{type}s`: listing (`GET /`, `?author=&search=&limit=`, `Link`
 * pagination), info (`/{ns}/{name}[/revision/{rev}]`), `settings`, `preupload`, `xet-write-token`,
 * `commit`, `tree`, `paths-info`, `commits`, `refs`.
 */
export function repoApiRoutes(ctx: HubContext, type: RepoType): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  const plural = `${type}s`;
  // Listing, enough for an app to suggest a namespace's repos.
  app.get("/", (c) => {
    const caller = getCaller(ctx, c);
    const repos = listRepos(ctx, { type, author: c.req.query("author"), search: c.req.query("search"), caller });
    return paginate(c, repos.map((r) => {
      const head = headSummary(ctx, r);
      return { key: r.fullName, item: { _id: r.id, id: r.fullName, author: r.namespace, private: r.private, sha: head?.sha, lastModified: head?.createdAt, createdAt: r.createdAt, downloads: 0, likes: 0, tags: [], ...(type === "space" ? { sdk: r.sdk } : {}), ...(type === "model" ? { modelId: r.fullName } : {}) } };
    }), LIST_PAGE);
  });
  infoRoutes(app, ctx, type, plural);
  uploadRoutes(app, ctx, type, plural);
  treeRoutes(app, ctx, type, plural);
  return app;
}

/** Readers of `/{ns}/{name}` of one type: `read` for anyone who may see it, `write` for a member with a write token. */
function repoAccess(ctx: HubContext, type: RepoType) {
  const idOf = (c: Context) => `${c.req.param("ns")}/${c.req.param("name")}`;
  return {
    idOf,
    read: (c: Context) => requireRepo(ctx, getCaller(ctx, c), type, idOf(c), "read"),
    write: (c: Context) => requireRepo(ctx, requireCaller(ctx, c), type, idOf(c), "write"),
  };
}

/** Info, revision info, settings and refs. */
function infoRoutes(app: Hono<HubEnv>, ctx: HubContext, type: RepoType, plural: string): void {
  const { read, write } = repoAccess(ctx, type);
  const base = "/:ns/:name";
  app.get(base, (c) => {
    const repo = read(c);
    return c.json(repoJson(c, repo, requireRevision(ctx, repo, "main")));
  });
  app.get(`${base}/revision/*`, (c) => {
    const repo = read(c);
    const { revision } = revAndPath(c, `/api/${plural}/${repo.fullName}/revision/`);
    return c.json(repoJson(c, repo, requireRevision(ctx, repo, revision)));
  });

  app.put(`${base}/settings`, async (c) => {
    const repo = write(c);
    const body = settingsSchema.safeParse(await jsonOf(c, REPO_BODY_LIMITS.json, "settings body", true));
    if (!body.success) throw hubError(400, `Invalid settings body: ${issuesOf(body.error)}`);
    const wanted = body.data.visibility ? body.data.visibility === "private" : body.data.private;
    const updated = wanted === undefined ? repo : setRepoPrivate(ctx, repo, wanted);
    return c.json(repoJson(c, updated, requireRevision(ctx, updated, "main")));
  });

  app.get(`${base}/refs`, (c) => {
    const repo = read(c);
    const head = requireRevision(ctx, repo, "main");
    return c.json({ branches: [{ name: "main", ref: "refs/heads/main", targetCommit: head.sha }], converts: [], tags: [], ...(c.req.query("include_prs") ? { pullRequests: [] } : {}) });
  });
}

/** preupload, xet write tokens and the NDJSON commit. */
function uploadRoutes(app: Hono<HubEnv>, ctx: HubContext, type: RepoType, plural: string): void {
  const { idOf, read, write } = repoAccess(ctx, type);
  const base = "/:ns/:name";
  app.post(`${base}/preupload/*`, async (c) => {
    const repo = write(c);
    const { revision } = revAndPath(c, `/api/${plural}/${repo.fullName}/preupload/`);
    const head = requireRevision(ctx, repo, revision);
    const body = preuploadSchema.safeParse(await jsonOf(c, REPO_BODY_LIMITS.json, "preupload body", true));
    if (!body.success) throw hubError(400, `Invalid preupload body: ${issuesOf(body.error)}`);
    const patterns = lfsPatterns(gitattributesOf(ctx, head));
    const byPath = new Map(head.files.map((f) => [f.path, f]));
    const files: unknown[] = [];
    for (const [i, f] of body.data.files.entries()) {
      validateRepoPath(f.path, `files[${i}].path`);
      const sample = Buffer.from(f.sample ?? "", "base64");
      // The Hub's rule: large files, binary content (a NUL in the sample) and .gitattributes LFS patterns go to LFS.
      const lfs = f.size > 0 && (f.size >= LFS_THRESHOLD || sample.includes(0) || patterns.some((p) => matchLfsPattern(p, f.path)));
      const existing = byPath.get(f.path);
      // `oid` lets huggingface_hub skip unchanged files: sha256 for LFS files, git sha1 otherwise (_commit_api.py `_local_oid`).
      const oid = existing && (existing.lfs ? existing.sha256 : existing.oid);
      files.push({ path: f.path, uploadMode: lfs ? "lfs" : "regular", shouldIgnore: false, ...(oid ? { oid } : {}) });
      // Matching is bounded (store/gitattributes.ts) but not free: let other requests in between files.
      await yieldToLoop();
    }
    return c.json({ files, commitOid: head.sha });
  });

  const xetToken = (mode: "read" | "write") => (c: Context) => {
    const repo = mode === "write" ? write(c) : read(c);
    const { accessToken, exp } = issueRepoXetToken(ctx, repo, mode);
    const casUrl = `${originOf(c)}/cas`;
    // huggingface_hub reads the headers (utils/_xet.py), hf_xet's refresh the JSON body.
    return c.json({ accessToken, casUrl, exp }, 200, {
      "X-Xet-Cas-Url": casUrl, "X-Xet-Access-Token": accessToken, "X-Xet-Token-Expiration": String(exp),
    });
  };
  app.get(`${base}/xet-write-token/*`, xetToken("write"));
  app.get(`${base}/xet-write-token`, xetToken("write"));

  app.post(`${base}/commit/*`, async (c) => {
    const caller = requireCaller(ctx, c);
    const repo = requireRepo(ctx, caller, type, idOf(c), "write");
    const { revision } = revAndPath(c, `/api/${plural}/${repo.fullName}/commit/`);
    if (c.req.query("create_pr")) throw hubError(400, "The local Hub has no pull requests (create_pr)");
    const text = new TextDecoder().decode(await readBody(c, REPO_BODY_LIMITS.commit, "Commit body"));
    const { header: h, pending } = parseCommitBody(text);
    // Every LFS object must be this repo's (uploaded for it, committed to it, or a xet file of its uploads)
    // before anything is written: a sha256 alone is not a capability (no cross-repo reads by hash).
    for (const p of pending) {
      if (p.kind !== "lfs") continue;
      const mine = repoHasBlob(ctx, repo, p.oid) || (await ensureRepoBlob(ctx, repo, p.oid, p.size));
      if (!mine) throw hubError(400, `LFS object ${p.oid} of ${p.path} was not uploaded for ${repo.fullName}; upload it first (LFS batch or xet)`);
      // The line's size is the client's claim: resolve, tree and X-Linked-Size would serve it as the file's length.
      const stored = statSync(blobPath(ctx, p.oid)).size;
      if (stored !== p.size) throw hubError(400, `LFS object ${p.oid} of ${p.path} has ${stored} bytes, not the size ${p.size} of its commit line`);
      grantRepoBlob(ctx, repo, p.oid);
    }
    const inline = pending.flatMap((p) => (p.kind === "file" ? [p.bytes] : []));
    const blobs = await putInlineBlobs(ctx, inline);
    const ops: RepoOperation[] = [];
    let k = 0;
    for (const p of pending) {
      if (p.kind === "file") {
        const blob = blobs[k++];
        grantRepoBlob(ctx, repo, blob.sha256);
        ops.push({ op: "add", file: { path: p.path, size: blob.size, sha256: blob.sha256, oid: gitBlobOid(p.bytes), lfs: false } });
      } else if (p.kind === "lfs") {
        ops.push({ op: "add", file: lfsFileEntry(p.path, p.oid, p.size) });
      } else {
        ops.push({ op: p.kind, path: p.path });
      }
    }
    const commit = commitOperations(ctx, repo, {
      branch: revision, title: h.summary ?? "Upload files", description: h.description ?? "", author: caller.user.name,
      parentCommit: h.parentCommit ?? undefined, operations: ops,
    });
    return c.json({ success: true, commitOid: commit.sha, commitUrl: `${repoUrl(c, repo)}/commit/${commit.sha}`, hookOutput: "" });
  });
}

/** tree, paths-info and commits. */
function treeRoutes(app: Hono<HubEnv>, ctx: HubContext, type: RepoType, plural: string): void {
  const { read } = repoAccess(ctx, type);
  const base = "/:ns/:name";
  const tree = (c: Context) => {
    const repo = read(c);
    const { revision, path } = revAndPath(c, `/api/${plural}/${repo.fullName}/tree/`);
    if (path) validateRepoPath(path, "tree path");
    const commit = requireRevision(ctx, repo, revision);
    if (path && !commit.files.some((f) => f.path.startsWith(path + "/"))) {
      if (commit.files.some((f) => f.path === path)) {
        const f = commit.files.find((x) => x.path === path);
        if (f) return c.json([fileEntry(f)]);
      }
      throw hubError(404, `Entry not found: ${path}`, "EntryNotFound");
    }
    return paginate(c, treeEntries(commit, path, ["true", "1"].includes((c.req.query("recursive") ?? "").toLowerCase())), TREE_PAGE);
  };
  app.get(`${base}/tree/*`, tree);

  app.post(`${base}/paths-info/*`, async (c) => {
    const repo = read(c);
    const { revision } = revAndPath(c, `/api/${plural}/${repo.fullName}/paths-info/`);
    const commit = requireRevision(ctx, repo, revision);
    const raw = new TextDecoder().decode(await readBody(c, REPO_BODY_LIMITS.json, "paths-info body"));
    // huggingface_hub posts a form (`paths=a&paths=b&expand=…`), @huggingface/hub JSON.
    let paths: string[];
    if ((c.req.header("content-type") ?? "").includes("json")) {
      let json: unknown;
      try {
        json = JSON.parse(raw || "{}");
      } catch {
        throw hubError(400, "The paths-info body must be JSON (or a form of paths=…)");
      }
      const parsed = z.object({ paths: z.array(z.string()).max(MAX_PATHS_INFO) }).loose().safeParse(json);
      if (!parsed.success) throw hubError(400, `Invalid paths-info body: ${issuesOf(parsed.error)}`);
      paths = parsed.data.paths;
    } else {
      paths = new URLSearchParams(raw).getAll("paths");
    }
    if (paths.length > MAX_PATHS_INFO) throw hubError(400, `paths-info takes at most ${MAX_PATHS_INFO} paths (got ${paths.length})`);
    // One map of files and one set of folders per request: each path was a scan of the file list (paths × files).
    const byPath = new Map(commit.files.map((f) => [f.path, f]));
    const folders = new Set<string>();
    for (const f of commit.files) {
      for (let i = f.path.indexOf("/"); i !== -1; i = f.path.indexOf("/", i + 1)) folders.add(f.path.slice(0, i));
    }
    const out: unknown[] = [];
    for (const p of paths) {
      const clean = p.replace(/\/+$/, "");
      const f = byPath.get(clean);
      if (f) out.push(fileEntry(f));
      else if (folders.has(clean)) out.push({ type: "directory", oid: folderOid(commit, clean), size: 0, path: clean });
    }
    return c.json(out);
  });

  app.get(`${base}/commits/*`, (c) => {
    const repo = read(c);
    const { revision } = revAndPath(c, `/api/${plural}/${repo.fullName}/commits/`);
    const history = commitHistory(ctx, repo, requireRevision(ctx, repo, revision), 10000);
    return paginate(c, history.map((h, i) => ({
      key: String(i).padStart(8, "0"),
      item: { id: h.sha, title: h.title, message: h.description, date: h.createdAt, authors: [{ user: h.author }] },
    })), { default: 50, max: 1000 });
  });
}
