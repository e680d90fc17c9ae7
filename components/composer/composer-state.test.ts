import { parseHfCommand } from "@/lib/jobs/hf-command";
import { describe, expect, it } from "vitest";
import type { ApiJob } from "@/lib/hub/api-types";
import { DEFAULT_FLAVOR, DEFAULT_IMAGE } from "@/lib/jobs/schema";
import { secretLint } from "@/lib/jobs/secret-lint";
import { toJobView } from "@/lib/jobs/view";
import { launchInputOf } from "@/lib/jobs/launch-input-of";
import { fakeHubToken } from "@/test-support/fake-token";
import { composerReducer, initialComposerState, rowsToRecord, type ComposerAction, type ComposerState } from "./composer-state";
import { deriveComposer } from "./derive-composer";
import { formFromHfCommand } from "./hf-command-bridge";
import type { ComposerFile } from "./dropped-files";
import { loadSpecEngine } from "./load-spec-engine";
import { moveFinding } from "./move-finding";
import { addFiles } from "./read-drop";
import { applyRerun } from "./rerun-apply";
import { parseUvCommand } from "@/lib/jobs/parse-uv-command";
import { REENTER_SECRET_MESSAGE } from "./rerun";

const file = (path: string, text: string | null = null): ComposerFile => ({ path, size: text?.length ?? 10, text, file: new File([text ?? "0123456789"], path) });
const run = (actions: ComposerAction[], from: ComposerState = initialComposerState({ rerun: false })) => actions.reduce(composerReducer, from);

describe("composerReducer", () => {
  it("starts empty with the default image and flavor, and a loading banner only for a re-run", () => {
    const s = initialComposerState({ rerun: false });
    expect(s).toMatchObject({ files: [], image: DEFAULT_IMAGE, flavor: DEFAULT_FLAVOR, mode: "now", submitted: false, rerun: null });
    expect(initialComposerState({ rerun: true }).rerun).toEqual({ state: "loading" });
  });

  it("edits one field without touching the others", () => {
    const s = run([{ type: "edit", field: "argsText", value: "--epochs 3" }, { type: "edit", field: "mode", value: "schedule" }]);
    expect(s.argsText).toBe("--epochs 3");
    expect(s.mode).toBe("schedule");
    expect(s.image).toBe(DEFAULT_IMAGE);
  });

  it("merges drops (a second file with a taken path is kept and reported, issue 13), says what happened, and forgets a retry folder", () => {
    const failed = run([
      { type: "filesAdded", apply: addFiles, files: [file("train.py"), file("a.yaml")], strippedFolder: null, refused: [] },
      { type: "launchFailed", error: { code: "hub_unavailable", message: "down", folder: "20261201T000000-abcdef" } },
    ]);
    expect(failed.retryFolder).toBe("20261201T000000-abcdef");
    expect(failed.progress?.phase).toBe("error");
    const s = composerReducer(failed, { type: "filesAdded", apply: addFiles, files: [file("a.yaml")], strippedFolder: "proj", refused: ["../x"] });
    expect(s.files.map((f) => f.path)).toEqual(["train.py", "a.yaml", "a.yaml"]);
    expect(s.dropNotice).toBe(
      'Folder "proj/" added: its contents are at /data/. Two files have the path "a.yaml": the one already listed (10 B) and the one just added (10 B). Remove one before launching. Skipped ../x: the path leaves the folder.',
    );
    // Removing one of the two by its position keeps the other.
    const one = composerReducer(s, { type: "fileRemoved", path: "a.yaml", index: 2 });
    expect(one.files.map((f) => f.path)).toEqual(["train.py", "a.yaml"]);
    expect(s.retryFolder).toBeNull();
    expect(s.serverError).toBeNull();
  });

  it("removes a file and clears the drop notice", () => {
    const s = run([
      { type: "filesAdded", apply: addFiles, files: [file("train.py"), file("a.yaml")], strippedFolder: "proj", refused: [] },
      { type: "fileRemoved", path: "a.yaml" },
    ]);
    expect(s.files.map((f) => f.path)).toEqual(["train.py"]);
    expect(s.dropNotice).toBeNull();
  });

  it("keeps the retry folder of an earlier failure when a later one has none", () => {
    const s = run([
      { type: "launchFailed", error: { code: "hub_unavailable", message: "x", folder: "20261201T000000-abcdef" } },
      { type: "launchFailed", error: { code: "hub_unavailable", message: "y" } },
    ]);
    expect(s.retryFolder).toBe("20261201T000000-abcdef");
    expect(s.serverError?.message).toBe("y");
  });

  it("forgets every typed secret value after a launch", () => {
    const s = run([
      { type: "edit", field: "secretRows", value: [{ id: 1, key: "API_KEY", value: "v", fromSession: false, sealed: false, mustReenter: true }] },
      { type: "launchSucceeded" },
    ]);
    expect(s.secretRows).toEqual([{ id: 1, key: "API_KEY", value: "", fromSession: false, sealed: true, mustReenter: false }]);
    expect(s.progress).toEqual({ phase: "done", loaded: 1, total: 1 });
  });

  it("moves a token-looking argument into Secrets and keeps re-run rows blocking", () => {
    const token = fakeHubToken();
    const start = run([
      { type: "edit", field: "argsText", value: `--token ${token} --lr 1` },
      { type: "edit", field: "secretRows", value: [{ id: 1, key: "OLD", value: "", fromSession: false, sealed: false, mustReenter: true }] },
    ]);
    const [finding] = secretLint({ args: ["--token", token, "--lr", "1"], env: {}, dependencies: [], labels: {} });
    expect(finding?.movable).toBe(true);
    if (!finding) return;
    const s = composerReducer(start, { type: "findingMoved", finding, apply: moveFinding });
    expect(s.argsText).not.toContain(token);
    const moved = s.secretRows.find((r) => r.key === finding.suggestedName);
    expect(moved).toMatchObject({ value: token, sealed: true, mustReenter: false });
    expect(s.secretRows.find((r) => r.key === "OLD")).toMatchObject({ value: "", mustReenter: true });
  });

  it("fills the form from an earlier job; app labels and secret values do not come back", () => {
    const job = toJobView(
      {
        id: "6650a1b2c3d4e5f6a7b8c9d0",
        owner: { name: "alice" },
        dockerImage: "ghcr.io/astral-sh/uv:python3.11-bookworm",
        command: ["uv", "run", "--with", "numpy", "--python", "3.11", "/data/train.py", "--lr", "1"],
        flavor: "t4-small",
        environment: { LOG: "info" },
        secrets: ["API_KEY"],
        labels: { name: "exp", team: "nlp", "jobs-studio.launch": "0123456789abcdef0123456789abcdef" },
        timeoutSeconds: 600,
        status: { stage: "COMPLETED" },
      } as unknown as ApiJob,
      "alice",
    );
    const command = parseUvCommand(job.command ?? []);
    const s = composerReducer(initialComposerState({ rerun: true }), {
      type: "rerunLoaded",
      namespace: "alice",
      apply: applyRerun,
      prefill: { job, input: launchInputOf(job), files: [file("train.py")], command, argsText: "--lr 1", notes: ["Reused 1 file."] },
    });
    expect(s).toMatchObject({ scriptChoice: "train.py", argsText: "--lr 1", userDeps: ["numpy"], python: "3.11", flavor: "t4-small", timeoutText: "600", name: "exp", namespaceChoice: "alice" });
    expect(s.image).toBe("ghcr.io/astral-sh/uv:python3.11-bookworm");
    expect(rowsToRecord(s.envRows)).toEqual({ LOG: "info" });
    expect(rowsToRecord(s.labelRows)).toEqual({ team: "nlp" });
    expect(s.secretRows).toMatchObject([{ key: "API_KEY", value: "", mustReenter: true }]);
    expect(s.rerun).toEqual({ state: "done", title: "exp", notes: ["Reused 1 file."] });
    expect(composerReducer(s, { type: "rerunFailed", message: "gone" }).rerun).toEqual({ state: "error", message: "gone" });
  });
});

describe("deriveComposer", () => {
  const base = { namespaces: ["alice", "org"], defaultNamespace: "org", parsePep723: null, hardwareData: undefined };

  it("is blocked until the spec engine has loaded, then builds the spec from the state", async () => {
    const state = run([
      { type: "filesAdded", apply: addFiles, files: [file("train.py", "print(1)\n")], strippedFolder: null, refused: [] },
      { type: "edit", field: "argsText", value: "--lr 1" },
    ]);
    const before = deriveComposer({ ...base, state, engine: null });
    expect(before.result).toBeNull();
    expect(before.blocked).toBe(true);
    expect(before.namespace).toBe("org");
    expect(before.script).toBe("train.py");
    const after = deriveComposer({ ...base, state, engine: await loadSpecEngine() });
    expect(after.blocked).toBe(false);
    expect(after.result?.command).toEqual(["uv", "run", "/data/train.py", "--lr", "1"]);
  });

  it("finds a token-shaped argument with the engine's lint, and moves it to Secrets with the engine's move", async () => {
    const token = fakeHubToken();
    const state = run([
      { type: "filesAdded", apply: addFiles, files: [file("train.py", "print(1)\n")], strippedFolder: null, refused: [] },
      { type: "edit", field: "argsText", value: `--token ${token}` },
    ]);
    // the lint loads with the engine (issue 15, item 5): nothing is flagged before it
    expect(deriveComposer({ ...base, state, engine: null }).findings).toEqual([]);
    const engine = await loadSpecEngine();
    const [finding] = deriveComposer({ ...base, state, engine }).findings;
    expect(finding).toMatchObject({ field: "args", movable: true, suggestedName: "HF_TOKEN" });
    if (!finding) return;
    const moved = composerReducer(state, { type: "findingMoved", finding, apply: engine.moveFinding });
    expect(moved.argsText).toBe("");
    expect(moved.secretRows).toMatchObject([{ key: "HF_TOKEN", value: token, sealed: true }]);
    expect(deriveComposer({ ...base, state: moved, engine }).findings).toEqual([]);
  });

  it("shows the re-run secret rows' error and blocks the launch until a value is typed", async () => {
    const engine = await loadSpecEngine();
    const state = run([
      { type: "filesAdded", apply: addFiles, files: [file("train.py", "print(1)\n")], strippedFolder: null, refused: [] },
      { type: "edit", field: "secretRows", value: [{ id: 1, key: "API_KEY", value: "", fromSession: false, sealed: false, mustReenter: true }] },
    ]);
    const view = deriveComposer({ ...base, state, engine });
    expect(view.errorsFor("secrets.API_KEY")).toEqual([REENTER_SECRET_MESSAGE]);
    expect(view.blocked).toBe(true);
  });

  it("hides required-field errors until a launch was attempted, and blocks a bad cron in schedule mode", async () => {
    const engine = await loadSpecEngine();
    const empty = initialComposerState({ rerun: false });
    expect(deriveComposer({ ...base, state: empty, engine }).errorsWithPrefix("files")).toEqual([]);
    expect(deriveComposer({ ...base, state: composerReducer(empty, { type: "submitted" }), engine }).errorsWithPrefix("files").length).toBeGreaterThan(0);
    const scheduled = run([
      { type: "filesAdded", apply: addFiles, files: [file("train.py", "print(1)\n")], strippedFolder: null, refused: [] },
      { type: "edit", field: "mode", value: "schedule" },
      { type: "edit", field: "schedule", value: { cron: "not a cron", suspend: false, concurrency: false } },
    ]);
    expect(deriveComposer({ ...base, state: scheduled, engine }).blocked).toBe(true);
  });

  it("checks the hardware list with the engine's schema and prices the chosen flavor", async () => {
    const engine = await loadSpecEngine();
    const state = initialComposerState({ rerun: false });
    const hardwareData = [{ name: DEFAULT_FLAVOR, prettyName: "CPU Basic", unitCostUSD: 0.0002, unitLabel: "minute" }];
    const view = deriveComposer({ ...base, state, engine, hardwareData });
    expect(view.selectedHardware?.prettyName).toBe("CPU Basic");
    expect(view.hourly).toBeCloseTo(0.012);
    expect(deriveComposer({ ...base, state, engine, hardwareData: { wrong: true } }).hardware).toBeUndefined();
  });
});

describe("command jobs and hf command lines (issue 13)", () => {
  it("a pasted `hf jobs run` line fills the command mode; what the form cannot hold is reported", () => {
    const parsed = parseHfCommand(`hf jobs run --flavor cpu-upgrade --timeout 2h -e A=1 -s TOKEN -l team=ml --name n1 --ssh python:3.12 python -c "print(6*7)"`);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const s = composerReducer(initialComposerState({ rerun: false }), { type: "hfCommandPasted", form: formFromHfCommand(parsed.value) });
    expect(s.jobKind).toBe("command");
    expect(s.image).toBe("python:3.12");
    expect(s.commandText).toBe("python -c 'print(6*7)'");
    expect([s.flavor, s.timeoutText, s.name]).toEqual(["cpu-upgrade", "2h", "n1"]);
    expect(s.envRows.map((r) => [r.key, r.value])).toEqual([["A", "1"]]);
    expect(s.labelRows.map((r) => [r.key, r.value])).toEqual([["team", "ml"]]);
    expect(s.secretRows.map((r) => [r.key, r.value, r.mustReenter])).toEqual([["TOKEN", "", true]]);
    expect(s.pasteNotes).toEqual(["Enter the value of TOKEN in Secrets.", "Not in the form yet: --ssh."]);
  });

  it("a pasted `hf jobs uv run` line fills the uv fields and asks for the script", () => {
    const parsed = parseHfCommand("hf jobs uv run --with numpy -p 3.11 train.py --epochs 3");
    if (!parsed.ok) throw new Error(parsed.error.message);
    const s = composerReducer(initialComposerState({ rerun: false }), { type: "hfCommandPasted", form: formFromHfCommand(parsed.value) });
    expect([s.jobKind, s.scriptChoice, s.argsText, s.python]).toEqual(["uv", "train.py", "--epochs 3", "3.11"]);
    expect(s.userDeps).toEqual(["numpy"]);
    expect(s.pasteNotes?.[0]).toContain("Drop train.py");
  });
});
