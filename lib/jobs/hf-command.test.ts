import { describe, expect, it } from "vitest";
import { cliTimeoutSeconds, decodeEnvArg, encodeEnvValue, formatHfCommand, jobSpecFromHfCommand, parseHfCommand, uvFromCommand } from "./hf-command";

describe("parseHfCommand", () => {
  it("reads a pasted multi-line command with a prompt", () => {
    const r = parseHfCommand("$ hf jobs uv run \\\n  --with trl -s HF_TOKEN \\\n  train.py --config cfg.yaml");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ kind: "uv", secrets: { HF_TOKEN: null }, uv: { script: "train.py", scriptArgs: ["--config", "cfg.yaml"], with: ["trl"] } });
    expect(jobSpecFromHfCommand(r.value)).toMatchObject({
      dockerImage: "ghcr.io/astral-sh/uv:python3.12-bookworm",
      command: ["uv", "run", "--with", "trl", "train.py", "--config", "cfg.yaml"],
      secrets: { HF_TOKEN: "" },
    });
  });
  it("names the option in each error", () => {
    expect(parseHfCommand("hf jobs run --timeout soon python:3.12 echo")).toMatchObject({ ok: false, error: { field: "--timeout" } });
    expect(parseHfCommand("hf jobs run -v ./dir:/mnt python:3.12 echo")).toMatchObject({ ok: false, error: { field: "-v" } });
    expect(parseHfCommand("hf jobs run --token x python:3.12 echo")).toMatchObject({ ok: false, error: { field: "--token" } });
    expect(parseHfCommand("hf jobs run --name a -l name=b python:3.12 echo")).toMatchObject({ ok: false, error: { field: "--name" } });
    expect(parseHfCommand("hf jobs run --network-alias m python:3.12 echo")).toMatchObject({ ok: false, error: { field: "--network-alias" } });
    expect(parseHfCommand("hf jobs run python:3.12")).toMatchObject({ ok: false, error: { field: "command" } });
    expect(parseHfCommand("hf jobs run --flavor")).toMatchObject({ ok: false, error: { field: "--flavor" } });
    expect(parseHfCommand("hf jobs run -e 1A=x img echo")).toMatchObject({ ok: false, error: { field: "-e" } });
    expect(parseHfCommand("docker run img")).toMatchObject({ ok: false, error: { field: "command" } });
    expect(parseHfCommand("hf jobs run 'img")).toMatchObject({ ok: false, error: { field: "command" } });
    // scheduled jobs have no --ssh: it stays an argument, like click does with an unknown option
    const s = parseHfCommand("hf jobs scheduled run @daily img echo --ssh");
    expect(s.ok && s.value.command).toEqual(["echo", "--ssh"]);
  });
});

describe("env values and timeouts as the CLI reads them", () => {
  it("decodes -e values with the client's dotenv rules", () => {
    expect(decodeEnvArg("A=1")).toEqual({ key: "A", value: "1" });
    expect(decodeEnvArg("A = spaced  # comment")).toEqual({ key: "A", value: "spaced" });
    expect(decodeEnvArg('A="x\\ny \\"q\\" \\$HOME"')).toEqual({ key: "A", value: 'x\ny "q" $HOME' });
    expect(decodeEnvArg("A='lit\\n'")).toEqual({ key: "A", value: "lit\\n" });
    expect(decodeEnvArg("export A=b#c")).toEqual({ key: "A", value: "b#c" });
    expect(decodeEnvArg("HF_TOKEN")).toEqual({ key: "HF_TOKEN", value: null });
    expect(decodeEnvArg("9A=x")).toBeNull();
  });
  it("encodes values so they decode back unchanged", () => {
    for (const v of ["plain", "two words", " lead", "a #b", "#x", '"q"', "it's", "l1\nl2", "t\tt", "back\\slash", "", "$HOME"]) {
      const enc = encodeEnvValue(v);
      expect(enc).not.toBeNull();
      expect(decodeEnvArg(`K=${enc}`)).toEqual({ key: "K", value: v });
    }
    expect(encodeEnvValue("a\rb")).toBeNull();
  });
  it("converts timeouts like _create_job_spec", () => {
    expect(cliTimeoutSeconds("2h")).toBe(7200);
    expect(cliTimeoutSeconds("1.5m")).toBe(90);
    expect(cliTimeoutSeconds("300")).toBe(300);
    expect(cliTimeoutSeconds("1h30m")).toBeNull();
  });
});

describe("formatHfCommand", () => {
  it("prints secrets as names, puts -- before a command with dashes, leaves the app's /data volume out", () => {
    const out = formatHfCommand({
      spec: {
        dockerImage: "ghcr.io/astral-sh/uv:python3.12-bookworm",
        command: ["uv", "run", "/data/train.py"],
        environment: { PROMPT: "p".repeat(100) },
        secrets: { HF_TOKEN: "hf_never_printed" },
        flavor: "cpu-basic",
        volumes: [{ type: "bucket", source: "me/jobs-artifacts", mountPath: "/data", path: "20260101T000000-abcdef" }],
      },
      uv: { script: "train.py", scriptArgs: ["--lr", "1e-4"], with: [] },
      artifactsMountPath: "/data",
    });
    expect(out.line).toBe("hf jobs uv run --env-file job.env -s HF_TOKEN -- train.py --lr 1e-4");
    expect(out.line).not.toContain("hf_never_printed");
    expect(out.envFile).toEqual({ name: "job.env", content: `PROMPT=${"p".repeat(100)}\n` });
    expect(out.secretNames).toEqual(["HF_TOKEN"]);
  });
});

describe("uvFromCommand", () => {
  it("reads the client's uv argv back, with local names for the job folder's files", () => {
    expect(uvFromCommand({ command: ["uv", "run", "--with", "trl", "--python", "3.11", "/data/train.py", "--config", "/data/configs/a.yaml", "/other/x"], artifactsMountPath: "/data" })).toEqual({
      uv: { script: "train.py", scriptArgs: ["--config", "configs/a.yaml", "/other/x"], with: ["trl"], python: "3.11" },
      warnings: ["configs/a.yaml: the hf CLI uploads files flat, so it would land at /data/a.yaml"],
    });
    expect(uvFromCommand({ command: ["uv", "run", "--frozen", "x.py"] })).toBeNull();
    expect(uvFromCommand({ command: ["python", "x.py"] })).toBeNull();
  });
});
