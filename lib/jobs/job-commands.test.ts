import { createRepo, downloadFile, getJob, listFiles, listJobs, runJob, uploadFiles } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobsHub, waitForStage, type JobsHub } from "@/test-support/jobs-hub";
import { artifactsFolder, isArtifactsFolder } from "./artifacts-folder";
import { fileOrigin } from "./file-origin";
import { DUPLICATED_FROM_LABEL } from "./duplicated-from";
import { duplicateJobCommand } from "./job-commands";
import { ARTIFACTS_BUCKET, LAUNCH_KEY_LABEL } from "./schema";

// Records whether an earlier run's out.txt was already in /data when it started, then writes its own
// out.txt (its job id and time.time()) next to the inputs it read.
const WRITER = [
  "import os, pathlib, time",
  "d = pathlib.Path('/data')",
  "(d / 'seen.txt').write_text('out.txt present at start: ' + str((d / 'out.txt').exists()))",
  "assert (d / 'in.txt').read_text() == 'input one\\n'",
  "assert (d / 'conf' / 'b.yaml').read_text() == 'b: 2\\n'",
  "(d / 'out.txt').write_text(os.environ.get('JOB_ID', '?') + ' ' + repr(time.time()))",
  "print('wrote', flush=True)",
].join("\n");

const FINAL = ["COMPLETED", "ERROR", "CANCELED", "DELETED"];

describe("duplicateJobCommand against a local Hub", () => {
  let t: JobsHub;
  let ns: string;
  let bucket: string;
  beforeAll(async () => {
    t = await startJobsHub();
    ns = t.base.namespace;
    bucket = `${ns}/${ARTIFACTS_BUCKET}`;
    await createRepo({ ...t.base, repo: { type: "bucket", name: bucket }, visibility: "private" });
    await createRepo({ ...t.base, repo: { type: "bucket", name: `${ns}/extra-data` }, visibility: "private" });
  });
  afterAll(() => t.hub.close());

  const creds = () => ({ hubUrl: t.base.hubUrl, accessToken: t.base.accessToken, namespace: ns });
  async function seedFolder(inputs: Record<string, string>): Promise<string> {
    const folder = artifactsFolder();
    await uploadFiles({
      ...t.base,
      repo: { type: "bucket", name: bucket },
      files: Object.entries(inputs).map(([path, text]) => ({ path: `${folder}/${path}`, content: new Blob([text]) })),
    });
    return folder;
  }
  async function folderFiles(folder: string) {
    const out = new Map<string, { uploadedAt?: string; type: string }>();
    for await (const e of listFiles({ ...t.base, repo: { type: "bucket", name: bucket }, path: folder, recursive: true, expand: true })) {
      if (e.type === "file" && e.path.startsWith(`${folder}/`)) out.set(e.path.slice(folder.length + 1), e);
    }
    return out;
  }
  async function bytesOf(path: string): Promise<Uint8Array> {
    const blob = await downloadFile({ ...t.base, repo: { type: "bucket", name: bucket }, path });
    if (!blob) throw new Error(`${path} is missing`);
    return new Uint8Array(await blob.arrayBuffer());
  }
  async function jobCount(): Promise<number> {
    return (await listJobs({ ...t.base })).length;
  }

  it("gives a job with an artifacts folder a fresh folder holding its inputs only; the original's outputs stay untouched", async () => {
    const folder = await seedFolder({ "in.txt": "input one\n", "conf/b.yaml": "b: 2\n" });
    const original = await runJob({
      ...t.base,
      dockerImage: "python:3.12",
      flavor: "cpu-basic",
      command: ["python3", "-u", "-c", WRITER],
      environment: { MODE: "dup-test" },
      // as the app's launch writes it: the duplicate must not claim the original's launch key
      labels: { name: "writer", suite: "dup", [LAUNCH_KEY_LABEL]: "k".repeat(24) },
      timeoutSeconds: 600,
      volumes: [
        { source: { type: "bucket", name: `${ns}/extra-data` }, mountPath: "/extra", readOnly: true },
        { source: { type: "bucket", name: bucket }, mountPath: "/data", path: folder, readOnly: false },
      ],
    });
    expect((await waitForStage(t.base, original.id, FINAL)).status.stage).toBe("COMPLETED");
    const originalOut = await bytesOf(`${folder}/out.txt`);
    expect(new TextDecoder().decode(originalOut)).toMatch(new RegExp(`^${original.id} `));

    const dup = await duplicateJobCommand({ ...creds(), jobId: original.id });
    if (!dup.ok) throw new Error(JSON.stringify(dup.error));
    expect(dup.data.jobId).not.toBe(original.id);
    expect(dup.data.jobUrl).toBe(`${t.base.hubUrl}/jobs/${ns}/${dup.data.jobId}`);
    const newFolder = dup.data.folder as string;
    expect(isArtifactsFolder(newFolder)).toBe(true);
    expect(newFolder).not.toBe(folder);

    // Same spec, the artifacts volume's path replaced; the other volume as it was.
    const [src, copy] = await Promise.all([getJob({ ...t.base, jobId: original.id }), getJob({ ...t.base, jobId: dup.data.jobId })]);
    expect(copy.command).toEqual(src.command);
    expect(copy.dockerImage).toBe("python:3.12");
    expect(copy.environment).toEqual({ MODE: "dup-test" });
    expect(copy.flavor).toBe("cpu-basic");
    expect(copy.timeoutSeconds).toBe(600);
    expect(copy.labels).toEqual({ name: "writer", suite: "dup", [DUPLICATED_FROM_LABEL]: original.id });
    expect(copy.volumes).toEqual([
      src.volumes?.[0],
      { ...src.volumes?.[1], path: newFolder },
    ]);

    const doneCopy = await waitForStage(t.base, dup.data.jobId, FINAL);
    expect(doneCopy.status.stage).toBe("COMPLETED");
    // The copy started without the original's out.txt in its folder, and wrote its own.
    expect(new TextDecoder().decode(await bytesOf(`${newFolder}/seen.txt`))).toBe("out.txt present at start: False");
    const copyOut = new TextDecoder().decode(await bytesOf(`${newFolder}/out.txt`));
    expect(copyOut).toMatch(new RegExp(`^${dup.data.jobId} `));
    // The original's output is byte for byte what it wrote.
    expect(await bytesOf(`${folder}/out.txt`)).toEqual(originalOut);

    // The new folder: the two inputs (read by the copy as inputs) plus the copy's own outputs.
    const files = await folderFiles(newFolder);
    expect([...files.keys()].sort()).toEqual(["conf/b.yaml", "in.txt", "out.txt", "seen.txt"]);
    const origin = (p: string) => fileOrigin(files.get(p) ?? { type: "file" }, copy);
    expect([origin("in.txt"), origin("conf/b.yaml"), origin("out.txt"), origin("seen.txt")]).toEqual(["input", "input", "output", "output"]);
    expect(new TextDecoder().decode(await bytesOf(`${newFolder}/conf/b.yaml`))).toBe("b: 2\n");
    // The original's folder holds exactly what it held.
    expect([...(await folderFiles(folder)).keys()].sort()).toEqual(["conf/b.yaml", "in.txt", "out.txt", "seen.txt"]);
  });

  it("refuses a job with secrets and an artifacts folder, naming the secrets, and creates nothing", async () => {
    const folder = await seedFolder({ "in.txt": "input one\n" });
    const original = await runJob({
      ...t.base,
      dockerImage: "python:3.12",
      flavor: "cpu-basic",
      command: ["python3", "-c", "print('hi')"],
      secrets: { HF_TOKEN: "not-a-real-token", DB_PASSWORD: "hunter2" },
      volumes: [{ source: { type: "bucket", name: bucket }, mountPath: "/data", path: folder, readOnly: false }],
    });
    await waitForStage(t.base, original.id, FINAL);
    const before = await jobCount();
    const filesBefore = [...(await folderFiles(folder)).keys()].sort();

    const dup = await duplicateJobCommand({ ...creds(), jobId: original.id });
    expect(dup).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringMatching(/Edit and re-run/) } });
    if (dup.ok) return;
    expect(dup.error.message).toContain("HF_TOKEN");
    expect(dup.error.message).toContain("DB_PASSWORD");
    expect(dup.error.message).not.toContain("hunter2");
    expect(await jobCount()).toBe(before);
    expect([...(await folderFiles(folder)).keys()].sort()).toEqual(filesBefore);
  });

  it("uses the Hub's duplicate route for a job without an artifacts folder", async () => {
    const original = await runJob({
      ...t.base,
      dockerImage: "python:3.12",
      flavor: "cpu-basic",
      command: ["python3", "-c", "print('plain')"],
      secrets: { API_KEY: "kept-by-the-hub" },
    });
    const dup = await duplicateJobCommand({ ...creds(), jobId: original.id });
    if (!dup.ok) throw new Error(JSON.stringify(dup.error));
    expect(dup.data.folder).toBeUndefined();
    const copy = await getJob({ ...t.base, jobId: dup.data.jobId });
    expect(copy.initiator).toMatchObject({ type: "duplicated-job", id: original.id });
    expect(copy.command).toEqual(["python3", "-c", "print('plain')"]);
    expect(copy.secrets).toEqual(["API_KEY"]);
    await waitForStage(t.base, dup.data.jobId, FINAL);
  });

  it("maps an unknown job to not_found", async () => {
    const r = await duplicateJobCommand({ ...creds(), jobId: "0123456789abcdef01234567" });
    expect(r).toMatchObject({ ok: false, error: { code: "not_found" } });
  });
});
