import "server-only";
import { createHmac } from "node:crypto";
import { env } from "@/lib/env";
import { downloadFile } from "@/lib/hub/download-file";
import { getJob } from "@/lib/hub/get-job";
import { TtlCache } from "@/lib/hub/ttl-cache";
import { isArtifactsFolder } from "./artifacts-folder";
import { ARTIFACTS_BUCKET, ARTIFACTS_MOUNT_PATH } from "./schema";
import { buildMaskManifest, createMasker, jobMaskKey, maskManifestPath, parseMaskManifest, type MaskManifest, type Masker } from "./secret-mask";

/**
 * The server's masking key, derived from `AUTH_SECRET` (so every instance of the app that shares it,
 * after any restart, computes the same fingerprints), or null when no `AUTH_SECRET` is set (then only
 * token shapes and the viewer's own token are masked).
 */
export function serverMaskKey(): Buffer | null {
  const secret = env().AUTH_SECRET;
  if (!secret) return null;
  return createHmac("sha256", secret).update("jobs-studio secret-mask server key v1").digest();
}

/**
 * The manifest file to upload beside a launch's files: fingerprints of every secret value and of the
 * session's token (`your token`), keyed for this namespace and folder. Null without a server key.
 * @returns `{ path, content }` for the same commit as the job's files (path: {@link maskManifestPath})
 */
export function maskManifestFile(params: { namespace: string; folder: string; secrets: Record<string, string>; sessionToken: string }): { path: string; content: Blob } | null {
  const serverKey = serverMaskKey();
  if (!serverKey) return null;
  const manifest = buildMaskManifest(jobMaskKey(serverKey, params.namespace, params.folder), { ...params.secrets, "your token": params.sessionToken });
  return { path: maskManifestPath(params.folder), content: new Blob([JSON.stringify(manifest)], { type: "application/json" }) };
}

/** Manifests per `{ns}/{folder}`: they never change after launch (missing ones are re-read sooner). */
const manifests = new TtlCache<MaskManifest | null>(10 * 60_000, 500);
const missing = new TtlCache<true>(15_000, 500);

/** Test seam: forgets every cached manifest, as a restarted app would. */
export function forgetMaskManifests(): void {
  manifests.clear();
  missing.clear();
}

async function loadManifest(params: { hubUrl: string; accessToken: string; namespace: string; folder: string }): Promise<MaskManifest | null> {
  const cacheKey = `${params.namespace}/${params.folder}`;
  const cached = manifests.get(cacheKey);
  if (cached) return cached;
  if (missing.get(cacheKey)) return null;
  const blob = await downloadFile({
    bucket: `${params.namespace}/${ARTIFACTS_BUCKET}`,
    path: maskManifestPath(params.folder),
    hubUrl: params.hubUrl,
    accessToken: params.accessToken,
  });
  const manifest = blob && blob.size < 4 * 1024 * 1024 ? parseMaskManifest(await blob.text()) : null;
  if (manifest) manifests.set(cacheKey, manifest);
  else missing.set(cacheKey, true);
  return manifest;
}

/**
 * A masker for output of the job whose artifacts folder is `folder` (lib/jobs/secret-mask.ts): its
 * stored fingerprints (when the app launched it), the viewer's own token in clear, and token shapes.
 * A manifest that cannot be read (Hub error) is not fatal: the other layers still apply.
 */
export async function folderMasker(params: { hubUrl: string; accessToken: string; namespace: string; folder: string | null }): Promise<Masker> {
  const serverKey = serverMaskKey();
  const values = { "your token": params.accessToken };
  if (!serverKey || !params.folder || !isArtifactsFolder(params.folder)) return createMasker({ values });
  const manifest = await loadManifest({ ...params, folder: params.folder }).catch(() => null);
  return createMasker({ key: jobMaskKey(serverKey, params.namespace, params.folder), manifest, values });
}

/** The job's artifacts folder, from its `/data` bucket volume (DESIGN.md flow 1), or null. */
export async function jobArtifactsFolder(params: { hubUrl: string; accessToken: string; namespace: string; jobId: string }): Promise<string | null> {
  const job = await getJob({ hubUrl: params.hubUrl, accessToken: params.accessToken, namespace: params.namespace, jobId: params.jobId });
  const volume = (job.volumes ?? []).find(
    (v) => v.type === "bucket" && v.source === `${params.namespace}/${ARTIFACTS_BUCKET}` && v.mountPath === ARTIFACTS_MOUNT_PATH,
  );
  return volume?.path ?? null;
}
