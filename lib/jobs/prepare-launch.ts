import "server-only";
import { ensureBucket } from "@/lib/hub/ensure-bucket";
import type { JobSpec } from "@/lib/hub/job-spec";
import { listHardware } from "@/lib/hub/list-hardware";
import { pathsInfo } from "@/lib/hub/paths-info";
import { toActionError } from "@/lib/hub/to-action-error";
import { uploadFiles } from "@/lib/hub/upload-files";
import { fail, ok, type ActionError, type ActionResult } from "@/lib/result";
import { invalidInput, zodFieldErrors } from "@/lib/zod-field-errors";
import { artifactsFolder, isArtifactsFolder } from "./artifacts-folder";
import { buildParsedJobSpec } from "./build-job-spec";
import { maskManifestFile } from "./job-masker";
import { launchBodyErrorOf } from "./launch-body-error";
import { PendingFile } from "./pending-file";
import type { PlannedFile } from "./job-spec-fields";
import { normalizeRelativePath } from "./normalize-relative-path";
import { parsePep723, type ParsePep723Result } from "./pep723";
import { xetFileHash } from "./xet-file-hash";
import { withPerRunOutputs } from "./per-run-outputs";
import { ARTIFACTS_BUCKET, launchInputSchema, type LaunchInput, type ParsedLaunchInput } from "./schema";

/** One dropped file's bytes, keyed by its relative path (as listed in `input.files`). */
export interface LaunchFile {
  path: string;
  content: Blob;
}

/** Inputs shared by {@link prepareLaunch}, `launchJob` and `scheduleJob`. */
export interface LaunchParams {
  /** without trailing slash (lib/hub/credentials.ts) */
  hubUrl: string;
  accessToken: string;
  /** the form's input as sent (JSON), parsed once here with `launchInputSchema` */
  input: LaunchInput;
  files: LaunchFile[];
  fetch?: typeof fetch;
  /** clock for the folder name (tests) */
  now?: Date;
  /**
   * `auto` (default): for submissions up to {@link SMALL_SUBMISSION_BYTES}, the Xet client's per-file
   * "is this chunk already stored?" query (`GET {cas}/v1/chunks/…`, specs/hub-buckets-xet.md §4.2) is
   * answered "no" locally: re-sending a few KB costs less than one round trip, and that query is the
   * only request between the cached write token and the xorb upload. `always`: let every query through.
   */
  dedupQueries?: "auto" | "always";
}

/** A launch ready to submit: files are in the bucket folder, the spec points at it. */
export interface PreparedLaunch {
  input: ParsedLaunchInput;
  spec: JobSpec;
  folder: string;
  files: PlannedFile[];
  warnings: string[];
  /** normalized schedule expression, when scheduling */
  schedule?: string;
  /** false when a retry found every file already in the folder */
  uploaded: boolean;
  /** the idempotency key written as the `jobs-studio.launch` label (input's, or a fresh one) */
  launchKey: string;
}

/** Above this total size the chunk-dedup queries are kept (they may save real upload time). */
export const SMALL_SUBMISSION_BYTES = 16 * 1024 * 1024;
/** PEP 723 headers sit at the top of a script; larger entry files are not read for one. */
const MAX_SCRIPT_READ_BYTES = 2 * 1024 * 1024;

/**
 * Everything before the job is created: validate, build the spec, ensure the private
 * `{ns}/jobs-artifacts` bucket, and put every file into one fresh folder (or check a retry's folder).
 *
 * Order and guarantees (DESIGN.md flow 1, specs/hub-jobs-api.md §9.3, field cases B19, B25):
 * 1. input, file list, PEP 723 header and spec are validated first — nothing touches the Hub on bad input;
 * 2. bucket state (cached per namespace) and the hardware list (cached) are read in parallel; a public
 *    bucket stops here unless `input.acceptPublicBucket`;
 * 3. all files go up in one `uploadFiles` commit (one batch call per 100 files); any failed path fails
 *    the whole step, and the error carries the folder so a retry can fill it;
 * 4. with `input.reuseFolder`, `paths-info` lists what is already there and only missing or changed
 *    files (size, then Xet content hash) are sent again. A job is only ever built on a folder known to be complete.
 * @returns the prepared launch, or an ActionError (`invalid_input` with `fieldErrors`, `conflict` for a
 *   public bucket, Hub errors mapped by lib/hub/to-action-error, with `folder` once one exists)
 */
export async function prepareLaunch(params: LaunchParams): Promise<ActionResult<PreparedLaunch>> {
  const parsed = launchInputSchema.safeParse(params.input);
  if (!parsed.success) return invalidInput(zodFieldErrors(parsed.error));
  const input = parsed.data;
  const content = matchContent(input, params.files);
  if (!content.ok) return content;
  const contentByPath = content.data;

  if (input.reuseFolder !== undefined && !isArtifactsFolder(input.reuseFolder)) {
    return invalid("reuseFolder", `"${input.reuseFolder}" is not an artifacts folder name (YYYYMMDDTHHMMSS-xxxxxx)`);
  }
  const folder = input.reuseFolder ?? artifactsFolder({ now: params.now });

  const scriptPath = normalizeRelativePath(input.script);
  const scriptBlob = scriptPath.ok ? contentByPath.get(scriptPath.path) : undefined;
  let scriptMetadata: ParsePep723Result | undefined;
  if (scriptBlob && scriptBlob.size <= MAX_SCRIPT_READ_BYTES) scriptMetadata = parsePep723(await scriptBlob.text());

  const launchKey = input.launchKey ?? newLaunchKey();
  const built = buildParsedJobSpec({ ...input, launchKey }, { folder, scriptMetadata, sessionToken: params.accessToken });
  if (!built.spec) return invalidInput(built.fieldErrors);
  let spec = built.spec;
  let plannedFiles = built.files;
  // issue 13: a schedule's runs each get their own output folder through a launcher file in the job folder
  if (input.schedule?.perRunOutputs) {
    const entry = built.files.find((f) => scriptPath.ok && f.path === scriptPath.path);
    const perRun = entry
      ? withPerRunOutputs({ spec, files: built.files, folder, scriptMountedPath: entry.mountedPath, scriptText: scriptBlob ? await scriptBlob.text() : null })
      : { ok: false as const, field: "script", message: "Per-run outputs need the entry script among the files" };
    if (!perRun.ok) return invalid(perRun.field, perRun.message);
    spec = perRun.spec;
    plannedFiles = perRun.files;
    contentByPath.set(perRun.launcher.path, new Blob([perRun.launcher.content], { type: "text/x-python" }));
  }

  const bucketChecked = await checkBucketAndFlavor(params, input, spec);
  if (!bucketChecked.ok) return bucketChecked;
  const uploaded = await uploadToFolder(params, { input, folder, spec, files: plannedFiles, contentByPath });
  if (!uploaded.ok) return uploaded;
  return ok({
    input,
    spec,
    folder,
    files: plannedFiles,
    warnings: built.warnings,
    ...(built.schedule ? { schedule: built.schedule } : {}),
    uploaded: uploaded.data,
    launchKey,
  });
}

/** The bytes must match the listed files exactly: path → content, or `invalid_input` naming the file. */
function matchContent(input: ParsedLaunchInput, sent: LaunchFile[]): ActionResult<Map<string, Blob>> {
  const contentByPath = new Map<string, Blob>();
  for (const f of sent) {
    const n = normalizeRelativePath(f.path);
    if (!n.ok) return invalid("files", n.error);
    if (contentByPath.has(n.path)) return invalid("files", `Two files have the same path "${n.path}": rename or remove one`);
    contentByPath.set(n.path, f.content);
  }
  for (const [i, listed] of input.files.entries()) {
    const n = normalizeRelativePath(listed.path);
    // An unusable listed path is named here: its content cannot have been sent under it, and the
    // count check below would otherwise blame "more files sent" for a file listed as "../x".
    if (!n.ok) return invalid(`files.${i}.path`, n.error);
    const blob = contentByPath.get(n.path);
    if (!blob) return invalid(`files.${i}.path`, `"${n.path}" was listed but its content was not sent; drop it again`);
    if (blob.size !== listed.size) return invalid(`files.${i}.path`, `"${n.path}" changed size while sending (${listed.size} → ${blob.size} bytes); drop it again`);
  }
  if (contentByPath.size > input.files.length) return invalid("files", "More files were sent than listed; drop the files again");
  if (contentByPath.size < input.files.length) return invalid("files", "A file is listed twice; remove the duplicate");
  return ok(contentByPath);
}

/**
 * Bucket state (cached per namespace) and the hardware list (cached) in parallel: an unknown flavor is
 * `invalid_input`, a public bucket `conflict` unless `input.acceptPublicBucket`.
 */
async function checkBucketAndFlavor(params: LaunchParams, input: ParsedLaunchInput, spec: JobSpec): Promise<ActionResult<null>> {
  const { hubUrl, accessToken } = params;
  const bucket = `${input.namespace}/${ARTIFACTS_BUCKET}`;
  let bucketState;
  try {
    const [state, hardware] = await Promise.all([
      ensureBucket({ hubUrl, accessToken, namespace: input.namespace, name: ARTIFACTS_BUCKET, fetch: params.fetch }),
      // The flavor check is advisory: a failing hardware list never blocks a launch.
      listHardware({ hubUrl, accessToken, fetch: params.fetch }).catch(() => null),
    ]);
    bucketState = state;
    if (hardware && hardware.length > 0 && !hardware.some((h) => h.name === spec.flavor)) {
      return invalid("flavor", `Unknown hardware "${spec.flavor}". Choose one of: ${hardware.map((h) => h.name).join(", ")}`);
    }
  } catch (err) {
    return mapped(err, `Could not prepare the bucket ${bucket}`);
  }
  if (!bucketState.private && !input.acceptPublicBucket) {
    return fail({
      code: "conflict",
      message: `The bucket ${bucket} is public: anyone could read your script, configs and outputs. Make it private on the Hub, or confirm that you accept uploading to a public bucket.`,
      fieldErrors: { acceptPublicBucket: ["The artifacts bucket is public"] },
    });
  }
  return ok(null);
}

/**
 * Puts the files (and the secrets' mask manifest) into the folder in one commit; with
 * `input.reuseFolder`, only what `paths-info` shows missing or changed (size, then Xet hash).
 * @returns whether anything was uploaded; errors carry `folder`
 */
async function uploadToFolder(
  params: LaunchParams,
  p: { input: ParsedLaunchInput; folder: string; spec: JobSpec; files: PlannedFile[]; contentByPath: Map<string, Blob> },
): Promise<ActionResult<boolean>> {
  const { hubUrl } = params;
  const { input, folder, spec, contentByPath } = p;
  const bucket = `${input.namespace}/${ARTIFACTS_BUCKET}`;
  const built = { files: p.files };
  // Fingerprints of the secrets for masking the job's output (issue 11), uploaded in the same commit
  // as the files: outside the job's folder, so the job cannot rewrite them.
  const mask = maskManifestFile({ namespace: input.namespace, folder, secrets: spec.secrets ?? {}, sessionToken: params.accessToken });
  let maskStale = mask !== null;

  // Which files still need to go up.
  let toUpload = built.files;
  const fetchForUpload = dedupFetch(params, built.files, contentByPath);
  if (input.reuseFolder !== undefined) {
    try {
      const present = new Map<string, { size: number; xetHash?: string }>();
      for (let i = 0; i < built.files.length; i += 1000) {
        const infos = await pathsInfo({
          bucket,
          paths: [...built.files.slice(i, i + 1000).map((f) => f.remotePath), ...(i === 0 && mask ? [mask.path] : [])],
          hubUrl,
          accessToken: params.accessToken,
          fetch: params.fetch,
        });
        for (const info of infos) if (info.type === "file") present.set(info.path, { size: info.size, xetHash: info.xetHash });
      }
      const stale = await Promise.all(
        built.files.map(async (f) => {
          const blob = contentByPath.get(f.path) as Blob;
          const there = present.get(f.remotePath);
          if (!there || there.size !== blob.size) return true;
          // Same size: compare content hashes (an edited file of equal size must still go up).
          return there.xetHash !== undefined && there.xetHash !== (await xetFileHash(blob));
        }),
      );
      toUpload = built.files.filter((_, i) => stale[i]);
      const maskThere = mask ? present.get(mask.path) : undefined;
      maskStale = mask !== null && (!maskThere || maskThere.size !== mask.content.size || (maskThere.xetHash !== undefined && maskThere.xetHash !== (await xetFileHash(mask.content))));
    } catch (err) {
      return mapped(err, `Could not check the folder ${folder}`, folder);
    }
  }
  if (toUpload.length > 0 || maskStale) {
    const files = uploadOrder([
      ...toUpload.map((f) => ({ path: f.remotePath, content: contentByPath.get(f.path) as Blob })),
      ...(mask && maskStale ? [mask] : []),
    ]);
    try {
      await uploadFiles({ bucket, files: await inMemoryWhenSmall(files), hubUrl, accessToken: params.accessToken, fetch: fetchForUpload });
      // A file still arriving is only committed once all its bytes were read (pending-file.ts); this
      // is the backstop should the upload ever skip one: no job on a folder that may be partial.
      const unread = files.find((f) => f.content instanceof PendingFile && !f.content.complete);
      if (unread) return fail({ code: "hub_error", message: `Upload failed, nothing was launched: "${unread.path}" was not read whole. Retry to send it again.`, folder });
    } catch (err) {
      const body = launchBodyErrorOf(err);
      if (body) return fail({ code: body.code, message: body.message, fieldErrors: { files: [body.message] }, folder });
      const m = toActionError(err, "Upload failed, nothing was launched");
      if (m) return fail({ ...m, folder });
      // commit() throws a plain Error listing the paths the batch call refused.
      if (err instanceof Error && /^Failed to upload/.test(err.message)) {
        return fail({ code: "hub_error", message: `Upload failed, nothing was launched: ${err.message}. Retry to send them again.`, folder });
      }
      throw err;
    }
  }
  return ok(toUpload.length > 0);
}

/**
 * Files already received first, then the ones still arriving in the order their parts come
 * (PendingFile.order): the upload's workers then always read the part the request is sending
 * (lib/jobs/receive-launch-form.ts).
 */
function uploadOrder<T extends { content: Blob }>(files: T[]): T[] {
  const rank = (f: T) => (f.content instanceof PendingFile ? 1 + f.content.order : 0);
  return files.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
}

/** Up to this many bytes in all, a launch's files are read into memory before the upload (see {@link inMemoryWhenSmall}). */
export const IN_MEMORY_UPLOAD_BYTES = 1024 * 1024;

/**
 * Small launches upload from memory. @huggingface/hub hands the files of a commit to 5 upload workers
 * (lib/commit.ts `splitAsyncGenerator(source, 5)`), each building its own xorb and shard. The route's
 * files are file-backed Blobs (lib/jobs/receive-launch-form.ts), whose reads wait for the disk, so every
 * worker got a file: 3 files and the mask manifest made 4 xorb and 4 shard requests. Read into memory,
 * the first worker packs them all into one xorb and one shard before the others look (they poll every
 * 1 ms): 4 Hub requests per launch instead of 10, which is most of the difference under 50 concurrent
 * launches (issue 15 item 3; `bench:launch` prints the requests per launch). Bounded by
 * {@link IN_MEMORY_UPLOAD_BYTES} per launch; larger launches keep the parallel workers.
 */
async function inMemoryWhenSmall(files: { path: string; content: Blob }[]): Promise<{ path: string; content: Blob }[]> {
  if (files.some((f) => f.content instanceof PendingFile) || files.reduce((n, f) => n + f.content.size, 0) > IN_MEMORY_UPLOAD_BYTES) return files;
  return Promise.all(files.map(async (f) => ({ path: f.path, content: new Blob([await f.content.arrayBuffer()], { type: f.content.type }) })));
}

/** 128 random bits as 32 hex characters: a launch key nobody can guess or collide with. */
function newLaunchKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Wraps `fetch` so CAS chunk-dedup queries are answered "not found" locally for small submissions. */
function dedupFetch(params: LaunchParams, files: PlannedFile[], content: Map<string, Blob>): typeof fetch | undefined {
  if ((params.dedupQueries ?? "auto") === "always") return params.fetch;
  const total = files.reduce((sum, f) => sum + (content.get(f.path)?.size ?? 0), 0);
  if (total > SMALL_SUBMISSION_BYTES) return params.fetch;
  const base = params.fetch ?? fetch;
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    // Any non-2xx makes the client upload the chunk itself (@huggingface/hub utils/createXorbs.ts).
    if (method === "GET" && /\/v1\/chunks\/[^/]+\/[0-9a-f]{64}$/.test(new URL(url).pathname)) {
      return new Response(null, { status: 404 });
    }
    return base(input, init);
  }) as typeof fetch;
}

function invalid(field: string, message: string): ActionResult<never> {
  return fail({ code: "invalid_input", message, fieldErrors: { [field]: [message] } });
}

function mapped(err: unknown, context: string, folder?: string): ActionResult<never> {
  const m: ActionError | null = toActionError(err, context);
  if (!m) throw err;
  return fail({ ...m, ...(folder ? { folder } : {}) });
}
