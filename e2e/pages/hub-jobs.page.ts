import { createRepo, createScheduledJob, runJob, uploadFiles } from "@huggingface/hub";
import { randomBytes } from "node:crypto";

/**
 * Seeds jobs straight into the e2e local Hub with @huggingface/hub (the composer's own test launches
 * through the UI; these specs start from jobs that already exist). Jobs mount a fresh folder of
 * `{ns}/jobs-artifacts` read-write at /data, with one input uploaded before the job is created — the
 * same shape the composer produces — so Outputs has inputs and outputs to tell apart.
 */
export interface SeededJob {
  id: string;
  folder: string;
  name: string;
}

/** A folder name in the composer's shape: `YYYYMMDDTHHMMSS-xxxxxx` (UTC). */
function folderName(): string {
  const now = new Date().toISOString().replace(/[-:]/g, "").slice(0, 15);
  return `${now}-${randomBytes(3).toString("hex")}`;
}

async function ensureBucket(creds: { hubUrl: string; accessToken: string }, namespace: string): Promise<void> {
  try {
    await createRepo({ repo: { type: "bucket", name: `${namespace}/jobs-artifacts` }, private: true, ...creds });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 409) throw err;
  }
}

/** Uploads `inputs` into a new folder and returns its name. */
export async function seedFolder(params: { hubUrl: string; accessToken: string; namespace: string; inputs: Record<string, string> }): Promise<string> {
  const creds = { hubUrl: params.hubUrl, accessToken: params.accessToken };
  await ensureBucket(creds, params.namespace);
  const folder = folderName();
  await uploadFiles({
    repo: { type: "bucket", name: `${params.namespace}/jobs-artifacts` },
    ...creds,
    files: Object.entries(params.inputs).map(([path, text]) => ({ path: `${folder}/${path}`, content: new Blob([text]) })),
  });
  return folder;
}

/** Runs `python3 -c <code>` with the new folder at /data. Python's stdlib only: the sandbox has no network. */
export async function seedPythonJob(params: {
  hubUrl: string;
  accessToken: string;
  namespace: string;
  name: string;
  code: string;
  inputs?: Record<string, string>;
  labels?: Record<string, string>;
}): Promise<SeededJob> {
  const folder = await seedFolder({ ...params, inputs: params.inputs ?? { "input.txt": "hello input\n" } });
  const job = await runJob({
    hubUrl: params.hubUrl,
    accessToken: params.accessToken,
    namespace: params.namespace,
    dockerImage: "python:3.12",
    flavor: "cpu-basic",
    command: ["python3", "-u", "-c", params.code],
    labels: { name: params.name, ...params.labels },
    volumes: [{ source: { type: "bucket", name: `${params.namespace}/jobs-artifacts` }, mountPath: "/data", path: folder, readOnly: false }],
    timeoutSeconds: 600,
  });
  return { id: job.id, folder, name: params.name };
}

/** Creates a scheduled job (yearly on Feb 29 at noon UTC, so it fires only when told to) → its id. */
export async function seedScheduledJob(params: { hubUrl: string; accessToken: string; namespace: string; name: string; code: string; schedule?: string }): Promise<string> {
  const folder = await seedFolder({ ...params, inputs: { "input.txt": "scheduled input\n" } });
  const scheduled = await createScheduledJob({
    hubUrl: params.hubUrl,
    accessToken: params.accessToken,
    namespace: params.namespace,
    schedule: params.schedule ?? "0 12 29 2 *",
    suspend: false,
    concurrency: false,
    jobSpec: {
      dockerImage: "python:3.12",
      flavor: "cpu-basic",
      command: ["python3", "-u", "-c", params.code],
      labels: { name: params.name },
      volumes: [{ source: { type: "bucket", name: `${params.namespace}/jobs-artifacts` }, mountPath: "/data", path: folder, readOnly: false }],
      timeoutSeconds: 600,
    },
  });
  return scheduled.id;
}
