import { describe, expect, it } from "vitest";
import { buildJobSpec, defaultJobName, RESERVED_MOUNT_MESSAGE, SESSION_TOKEN_PLACEHOLDER } from "./build-job-spec";
import { parsePep723 } from "./pep723";
import type { LaunchInput } from "./schema";
import { storedTimeoutSeconds } from "./stored-timeout";

const FOLDER = "20260415T092902-5ca267";
const base = (over: Partial<LaunchInput> = {}): LaunchInput => ({
  namespace: "alice",
  files: [{ path: "train.py", size: 10 }],
  script: "train.py",
  ...over,
});
const build = (over: Partial<LaunchInput> = {}, opts: Partial<Parameters<typeof buildJobSpec>[1]> = {}) =>
  buildJobSpec(base(over), { folder: FOLDER, ...opts });
const specOf = (over: Partial<LaunchInput> = {}, opts: Partial<Parameters<typeof buildJobSpec>[1]> = {}) => {
  const r = build(over, opts);
  if (!r.spec) throw new Error(JSON.stringify(r.fieldErrors));
  return r.spec;
};

describe("buildJobSpec: command and volume", () => {
  it("builds uv run with --with per dep, --python, the /data script and args, plus the bucket volume", () => {
    const spec = specOf({ dependencies: ["trl", "numpy<2"], python: "3.11", args: ["--lr", "1e-4"] });
    expect(spec.command).toEqual(["uv", "run", "--with", "trl", "--with", "numpy<2", "--python", "3.11", "/data/train.py", "--lr", "1e-4"]);
    expect(spec.arguments).toEqual([]);
    expect(spec.dockerImage).toBe("ghcr.io/astral-sh/uv:python3.12-bookworm");
    expect(spec.flavor).toBe("cpu-basic");
    expect(spec.volumes).toEqual([
      { type: "bucket", source: "alice/jobs-artifacts", mountPath: "/data", path: FOLDER, readOnly: false },
    ]);
    expect(spec.timeoutSeconds).toBeUndefined();
  });
  it("omits --python when not given", () => {
    expect(specOf().command).toEqual(["uv", "run", "/data/train.py"]);
  });
  it("B01: dependency strings pass verbatim as argv elements; the script follows the last --with value", () => {
    const deps = ["torch>=2.1", "numpy<2", 'pandas[performance]; python_version >= "3.10"'];
    const spec = specOf({ dependencies: deps });
    expect(spec.command).toEqual(["uv", "run", "--with", "torch>=2.1", "--with", "numpy<2", "--with", deps[2], "/data/train.py"]);
    const lastWith = spec.command.lastIndexOf("--with");
    expect(spec.command[lastWith + 2]).toBe("/data/train.py");
    expect(JSON.stringify(spec)).not.toMatch(/bash|-c/);
  });
  it("B15: an extension-less script runs with --script", () => {
    const spec = specOf({ files: [{ path: "train", size: 1 }], script: "train" });
    expect(spec.command).toEqual(["uv", "run", "--script", "/data/train"]);
  });
  it("appends the artifacts volume after user volumes", () => {
    const spec = specOf({ volumes: [{ type: "dataset", source: "org/ds", mountPath: "/in", readOnly: true }] });
    expect(spec.volumes.map((v) => v.mountPath)).toEqual(["/in", "/data"]);
  });
  it("detects Space images like the Python client", () => {
    const spec = specOf({ image: "hf.co/spaces/lhoestq/duckdb" });
    expect(spec.spaceId).toBe("lhoestq/duckdb");
    expect(spec.dockerImage).toBeUndefined();
  });
});

describe("buildJobSpec: arguments naming attached files", () => {
  const files = [
    { path: "train.py", size: 1 },
    { path: "configs/train.yaml", size: 1 },
    { path: "data/a.csv", size: 1 },
    { path: "data/b.csv", size: 1 },
  ];
  it("rewrites whole arguments and --flag=value values to /data paths", () => {
    const spec = specOf({ files, args: ["--config", "configs/train.yaml", "--data=./data/a.csv", "-o=data", "plain", "--x=nope"] });
    expect(spec.command.slice(3)).toEqual(["--config", "/data/configs/train.yaml", "--data=/data/data/a.csv", "-o=/data/data", "plain", "--x=nope"]);
  });
  it("keeps relative folders under the job folder and reports every remote path", () => {
    const r = build({ files });
    expect(r.files).toEqual([
      { path: "train.py", remotePath: `${FOLDER}/train.py`, mountedPath: "/data/train.py" },
      { path: "configs/train.yaml", remotePath: `${FOLDER}/configs/train.yaml`, mountedPath: "/data/configs/train.yaml" },
      { path: "data/a.csv", remotePath: `${FOLDER}/data/a.csv`, mountedPath: "/data/data/a.csv" },
      { path: "data/b.csv", remotePath: `${FOLDER}/data/b.csv`, mountedPath: "/data/data/b.csv" },
    ]);
  });
  it("the entry script may live in a folder", () => {
    expect(specOf({ files, script: "configs/train.yaml" }).command).toEqual(["uv", "run", "--script", "/data/configs/train.yaml"]);
  });
  it("two files with the same relative path are an error, never a rename", () => {
    const r = build({ files: [{ path: "a/x.yaml", size: 1 }, { path: "train.py", size: 1 }, { path: "./a/x.yaml", size: 2 }] });
    expect(r.spec).toBeNull();
    expect(r.fieldErrors.files?.[0]).toMatch(/same path "a\/x.yaml"/);
  });
  it("refuses absolute paths and .. in dropped paths", () => {
    const r = build({ files: [{ path: "train.py", size: 1 }, { path: "../etc/passwd", size: 1 }, { path: "/abs", size: 1 }] });
    expect(Object.keys(r.fieldErrors).sort()).toEqual(["files.1.path", "files.2.path"]);
  });
  it("the script must be one of the files", () => {
    expect(build({ script: "other.py" }).fieldErrors.script?.[0]).toMatch(/not among the dropped files/);
  });
  it("C02: an argument that looks like a missing relative file gets a warning", () => {
    const r = build({ files: [...files, { path: "train.jsonl", size: 1 }], args: ["--data", "trian.jsonl", "--lr", "1e-4", "--py", "3.12"] });
    expect(r.spec).not.toBeNull();
    expect(r.warnings.filter((w) => /looks like a file/.test(w))).toEqual([expect.stringContaining('"trian.jsonl"')]);
  });
  it("C10: unusual characters keep the exact remote name and /data path", () => {
    const name = "données #1?.csv";
    const r = build({ files: [{ path: "train.py", size: 1 }, { path: name, size: 1 }], args: [name] });
    expect(r.files[1]).toEqual({ path: name, remotePath: `${FOLDER}/${name}`, mountedPath: `/data/${name}` });
    expect(r.spec?.command.at(-1)).toBe(`/data/${name}`);
  });
  it("B08: CLI-looking args are forwarded verbatim after the script; an image starting with - is refused", () => {
    const spec = specOf({ args: ["-q", "--format", "json", "--epochs", "3"] });
    expect(spec.command).toEqual(["uv", "run", "/data/train.py", "-q", "--format", "json", "--epochs", "3"]);
    expect(build({ image: "-q" }).fieldErrors.image?.[0]).toMatch(/starts with "-"/);
    expect(build({ image: "not an image" }).fieldErrors.image).toBeDefined();
    expect(specOf({ image: "python:3.12" }).dockerImage).toBe("python:3.12");
    expect(specOf({ image: "localhost:5000/team/img:v1.2@sha256:" + "a".repeat(64) }).dockerImage).toBeDefined();
  });
});

describe("buildJobSpec: timeout", () => {
  it("sends integer timeoutSeconds from 300, 5m, 2h, 1.5h, 1d, 1h30m", () => {
    const cases: [string, number][] = [["300", 300], ["5m", 300], ["2h", 7200], ["1.5h", 5400], ["1d", 86400], ["1h30m", 5400]];
    for (const [t, s] of cases) expect(specOf({ timeout: t }).timeoutSeconds, t).toBe(s);
  });
  it("B03: case-insensitive and trimmed input", () => {
    expect(specOf({ timeout: "2H" }).timeoutSeconds).toBe(7200);
    expect(specOf({ timeout: "90m" }).timeoutSeconds).toBe(5400);
    expect(specOf({ timeout: " 2h " }).timeoutSeconds).toBe(7200);
  });
  it("C08: zero, negative or unparsable timeouts are field errors, never 'default'", () => {
    for (const t of ["0", "0s", "-5m", "soon"]) {
      const r = build({ timeout: t });
      expect(r.spec, t).toBeNull();
      expect(r.fieldErrors.timeout, t).toHaveLength(1);
    }
  });
  it("B02: a scheduled 24h job carries timeoutSeconds = 86400 and a valid schedule", () => {
    const r = build({ timeout: "24h", schedule: { cron: "@daily" } });
    expect(r.spec?.timeoutSeconds).toBe(86400);
    expect(r.schedule).toBe("@daily");
  });
  it("C05: the stored timeout is read from timeoutSeconds, falling back to timeout", () => {
    expect(storedTimeoutSeconds({ timeoutSeconds: 86400 })).toBe(86400);
    expect(storedTimeoutSeconds({ timeout: 86400 })).toBe(86400);
    expect(storedTimeoutSeconds({ timeoutSeconds: null, timeout: 60 })).toBe(60);
    expect(storedTimeoutSeconds({ timeoutSeconds: null })).toBeNull();
  });
});

describe("buildJobSpec: volumes, labels, name, env, secrets, schedule", () => {
  it("a user volume at /data raises the Python client's reserved-mount error", () => {
    const r = build({ volumes: [{ type: "bucket", source: "alice/other", mountPath: "/data/" }] });
    expect(r.spec).toBeNull();
    expect(r.fieldErrors["volumes.0.mountPath"]).toEqual([RESERVED_MOUNT_MESSAGE]);
  });
  it("validates labels to the Hub's rules and allows empty values", () => {
    expect(specOf({ labels: { team: "ml", "env.x": "" } }).labels).toMatchObject({ team: "ml", "env.x": "" });
    const r = build({ labels: { "bad key": "x", ok: "bad value", long: "x".repeat(101) } });
    expect(Object.keys(r.fieldErrors).sort()).toEqual(["labels.bad key", "labels.long", "labels.ok"]);
  });
  it("validates the name and refuses a name plus a name label", () => {
    expect(specOf({ name: "my-run_1.2" }).labels.name).toBe("my-run_1.2");
    expect(build({ name: "my run" }).fieldErrors.name).toBeDefined();
    expect(build({ name: "a", labels: { name: "b" } }).fieldErrors["labels.name"]).toBeDefined();
    expect(specOf({ labels: { name: "from-label" } }).labels.name).toBe("from-label");
  });
  it("derives a default name from the script name and a short hash of script and args", () => {
    const a = specOf({ args: ["--x", "1"] }).labels.name;
    const b = specOf({ args: ["--x", "2"] }).labels.name;
    expect(a).toMatch(/^train-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    expect(a).toBe(defaultJobName("train.py", ["--x", "1"]));
    expect(defaultJobName("my dir/run v2.py", [])).toMatch(/^run-v2-[0-9a-f]{8}$/);
  });
  it("keeps env and secrets apart; secret values appear only in secrets", () => {
    const r = build({ env: { MODE: "fast" }, secrets: { HF_TOKEN: "hf_secretvalue123" } });
    expect(r.spec?.environment).toEqual({ MODE: "fast" });
    expect(r.spec?.secrets).toEqual({ HF_TOKEN: "hf_secretvalue123" });
    const withoutSecrets = { ...r, spec: { ...r.spec, secrets: undefined } };
    expect(JSON.stringify(withoutSecrets)).not.toContain("hf_secretvalue123");
    expect(r.redactedSpec?.secrets).toEqual({ HF_TOKEN: "•••" });
    expect(build({ env: { K: "1" }, secrets: { K: "2" } }).fieldErrors["secrets.K"]).toBeDefined();
    expect(build({ env: { "1BAD": "x" } }).fieldErrors["env.1BAD"]).toBeDefined();
    expect(specOf().secrets).toBeUndefined();
  });
  it("useSessionTokenAs stores the session token as that secret (replacing a typed one); the preview shows a placeholder", () => {
    const server = specOf({ secrets: { HF_TOKEN: "typed", OTHER: "x" }, useSessionTokenAs: "HF_TOKEN" }, { sessionToken: "hf_session" });
    expect(server.secrets).toEqual({ HF_TOKEN: "hf_session", OTHER: "x" });
    expect(server.environment).toEqual({});
    const preview = build({ useSessionTokenAs: "HF_TOKEN" });
    expect(preview.spec?.secrets?.HF_TOKEN).toBe(SESSION_TOKEN_PLACEHOLDER);
    expect(build({ useSessionTokenAs: "HF_TOKEN", env: { HF_TOKEN: "x" } }).fieldErrors["secrets.HF_TOKEN"]).toBeDefined();
  });
  it("C04: a schedule warns that all runs share one read-write folder; bad crons are field errors", () => {
    const r = build({ schedule: { cron: "@hourly", concurrency: true } });
    expect(r.warnings.some((w) => /same \/data folder/.test(w))).toBe(true);
    expect(build({ schedule: { cron: "*/5 * * *" } }).fieldErrors["schedule.cron"]).toBeDefined();
  });
  it("reports schema errors by field name", () => {
    const r = buildJobSpec({ namespace: "", files: [], script: "" }, { folder: FOLDER });
    expect(Object.keys(r.fieldErrors).sort()).toEqual(["files", "namespace", "script"]);
  });
});

describe("buildJobSpec: images and dependencies advice", () => {
  it("B11: git dependencies on an image that may lack git get a warning; the default image does not", () => {
    const dep = "trl @ git+https://github.com/huggingface/trl.git@main";
    expect(build({ image: "python:3.12-slim", dependencies: [dep] }).warnings.some((w) => /git/.test(w))).toBe(true);
    expect(build({ dependencies: [dep] }).warnings.some((w) => /may not ship git/.test(w))).toBe(false);
  });
  it("B10: reinstalling vllm on a vllm image gets a warning (header deps count too)", () => {
    const meta = parsePep723('# /// script\n# dependencies = ["vllm", "datasets"]\n# ///\n');
    expect(build({ image: "vllm/vllm-openai:latest" }, { scriptMetadata: meta }).warnings.some((w) => /already in the image/.test(w))).toBe(true);
  });
});

describe("buildJobSpec: PEP 723 header", () => {
  it("warns when requires-python does not admit the chosen Python (B12)", () => {
    const meta = parsePep723('# /// script\n# requires-python = ">=3.13"\n# ///\n');
    expect(build({}, { scriptMetadata: meta }).warnings.some((w) => /requires Python >=3.13/.test(w))).toBe(true);
    expect(build({ python: "3.13" }, { scriptMetadata: meta }).warnings.some((w) => /requires Python/.test(w))).toBe(false);
    const ok = parsePep723('# /// script\n# requires-python = ">=3.12"\n# ///\n');
    expect(build({}, { scriptMetadata: ok }).warnings.some((w) => /requires Python/.test(w))).toBe(false);
  });
  it("a malformed header blocks the launch with a field error on script (B13, B14)", () => {
    const bad = parsePep723('# /// script\n# dependencies = ["rich"]\n\n# ///\n');
    const r = build({}, { scriptMetadata: bad });
    expect(r.spec).toBeNull();
    expect(r.fieldErrors.script?.[0]).toMatch(/line 1/);
  });
});
