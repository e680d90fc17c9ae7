import { describe, expect, it } from "vitest";
import type { JobSpec } from "@/lib/hub/job-spec";
import type { PlannedFile } from "./job-spec-fields";
import { buildJobSpec } from "./build-job-spec";
import { PER_RUN_LAUNCHER_NAME } from "./per-run-launcher";
import { withPerRunOutputs } from "./per-run-outputs";

const FOLDER = "20261201T120000-abc123";
const SCRIPT = '# /// script\n# dependencies = ["rich"]\n# ///\nprint("hi")\n';

function built(extra: Record<string, unknown> = {}): { spec: JobSpec; files: PlannedFile[] } {
  const r = buildJobSpec({ namespace: "alice", files: [{ path: "job", size: 10 }, { path: "in.txt", size: 1 }], script: "job", args: ["in.txt", "--out", "{OUTPUT_DIR}/x"], dependencies: ["numpy"], python: "3.12", launchKey: "k".repeat(32), ...extra }, { folder: FOLDER });
  if (!r.spec) throw new Error(JSON.stringify(r.fieldErrors));
  return { spec: r.spec, files: r.files };
}

describe("withPerRunOutputs", () => {
  it("runs the launcher with the same uv options and arguments, and plans it in the job folder", () => {
    const r = built();
    expect(r.spec.command).toEqual(["uv", "run", "--with", "numpy", "--python", "3.12", "--script", "/data/job", "/data/in.txt", "--out", "{OUTPUT_DIR}/x"]);
    const p = withPerRunOutputs({ spec: r.spec, files: r.files, folder: FOLDER, scriptMountedPath: "/data/job", scriptText: SCRIPT });
    if (!p.ok) throw new Error(p.message);
    expect(p.spec.command).toEqual(["uv", "run", "--with", "numpy", "--python", "3.12", `/data/${PER_RUN_LAUNCHER_NAME}`, "/data/in.txt", "--out", "{OUTPUT_DIR}/x"]);
    expect(p.files.at(-1)).toEqual({ path: PER_RUN_LAUNCHER_NAME, remotePath: `${FOLDER}/${PER_RUN_LAUNCHER_NAME}`, mountedPath: `/data/${PER_RUN_LAUNCHER_NAME}` });
    expect(p.launcher.content.startsWith('# /// script\n# dependencies = ["rich"]\n# ///\n')).toBe(true);
    expect(p.launcher.content).toContain('"/data/job"');
    expect(p.spec.volumes).toEqual(r.spec.volumes);
  });
  it("refuses a dropped file with the launcher's name, and a command without the script", () => {
    const r = built();
    const spec = r.spec;
    const clash = withPerRunOutputs({ spec, files: [...r.files, { path: PER_RUN_LAUNCHER_NAME, remotePath: "x", mountedPath: "y" }], folder: FOLDER, scriptMountedPath: "/data/job", scriptText: null });
    expect(clash).toMatchObject({ ok: false, field: "files" });
    expect(withPerRunOutputs({ spec, files: r.files, folder: FOLDER, scriptMountedPath: "/data/other.py", scriptText: null })).toMatchObject({ ok: false, field: "script" });
  });
});
