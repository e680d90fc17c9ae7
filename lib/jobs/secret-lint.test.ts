import { describe, expect, it } from "vitest";
import { MASK, maskSecrets, moveToSecrets, secretLint } from "./secret-lint";
import { fakeHubToken } from "@/test-support/fake-token";

// Field case B28 (specs/field-cases.md): `--hf-token hf_…` printed in a startup log; env OPENAI_API_KEY=sk-….
const HF = fakeHubToken();
const SK = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123";

describe("secretLint", () => {
  it("flags the B28 repro: an hf_ token in args and an sk- key in env", () => {
    const findings = secretLint({ args: ["--hf-token", HF, "--epochs", "3"], env: { OPENAI_API_KEY: SK, EPOCHS: "3" } });
    expect(findings).toEqual([
      expect.objectContaining({ field: "args", index: 1, kind: "hf", suggestedName: "HF_TOKEN", preview: MASK }),
      expect.objectContaining({ field: "env", key: "OPENAI_API_KEY", kind: "openai", suggestedName: "OPENAI_API_KEY", preview: MASK }),
    ]);
    for (const f of findings) expect(f.message).not.toContain(HF);
  });

  it("recognises AWS key shapes and GitHub tokens, not git SHAs or paths", () => {
    const findings = secretLint({
      env: {
        AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
        MY_AWS: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        GH: "ghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ",
        COMMIT: "0123456789abcdef0123456789abcdef01234567",
        OUT: "/data/SomeLongFolderName1234567890abcdefg",
      },
    });
    expect(findings.map((f) => [f.key, f.kind])).toEqual([
      ["AWS_ACCESS_KEY_ID", "aws-access-key"],
      ["MY_AWS", "aws-secret-key"],
      ["GH", "github"],
    ]);
  });

  it("flags a short hf_ value only by a secret-looking env name", () => {
    expect(secretLint({ args: ["hf_short"] })).toEqual([]);
    expect(secretLint({ env: { HF_TOKEN: "hf_short", WANDB_API_KEY: "abc", MODE: "fast", EMPTY_TOKEN: "" } })).toEqual([
      expect.objectContaining({ key: "HF_TOKEN", kind: "secret-name", suggestedName: "HF_TOKEN" }),
      expect.objectContaining({ key: "WANDB_API_KEY", kind: "secret-name" }),
    ]);
  });

  it("finds a token inside a --flag=value argument and previews it masked", () => {
    const [f] = secretLint({ args: [`--token=${HF}`] });
    expect(f).toMatchObject({ index: 0, kind: "hf", preview: `--token=${MASK}` });
  });
});

describe("secretLint on dependencies, labels and the name", () => {
  it("flags a token in a dependency URL, a label value or key, and the name, with a remove-it warning", () => {
    const findings = secretLint({
      dependencies: ["torch>=2.1", `git+https://${HF}@github.com/a/b`],
      labels: { team: "ml", tok: `tok=${HF}`, [HF]: "x" },
      name: `run-${HF}`,
    });
    expect(findings).toEqual([
      expect.objectContaining({ field: "dependencies", fieldKey: "dependencies.1", index: 1, kind: "hf", movable: false, preview: `git+https://${MASK}@github.com/a/b` }),
      expect.objectContaining({ field: "labels", fieldKey: "labels.tok", key: "tok", kind: "hf", movable: false, preview: `tok=tok=${MASK}` }),
      expect.objectContaining({ field: "labels", key: HF, kind: "hf", movable: false, preview: `${MASK}=x` }),
      expect.objectContaining({ field: "name", fieldKey: "name", kind: "hf", movable: false, preview: `run-${MASK}` }),
    ]);
    for (const f of findings) {
      expect(f.message).not.toContain(HF);
      expect(f.message).toMatch(/visible in the job's (command|labels) to anyone who can see the job\. Remove it/);
      expect(f.message).not.toMatch(/make it a secret|pass it as the secret/);
    }
  });

  it("leaves ordinary dependencies, labels and names alone, and marks args/env findings movable", () => {
    expect(secretLint({ dependencies: ["git+https://github.com/a/b@main", "numpy<2"], labels: { team: "nlp" }, name: "train-llm" })).toEqual([]);
    const [arg, env] = secretLint({ args: [HF], env: { HF_TOKEN: HF } });
    expect([arg, env].map((f) => [f.fieldKey, f.movable])).toEqual([["args.0", true], ["env.HF_TOKEN", true]]);
  });

  it("does not let move-to-secrets touch a dependency finding", () => {
    const deps = [`git+https://${HF}@github.com/a/b`];
    const [finding] = secretLint({ dependencies: deps });
    expect(moveToSecrets({ finding, args: ["a"], env: { E: "1" }, secrets: {} })).toEqual({ args: ["a"], env: { E: "1" }, secrets: {} });
  });
});

describe("moveToSecrets", () => {
  it("moves a flag's value and drops the flag", () => {
    const args = ["--hf-token", HF, "--epochs", "3"];
    const [finding] = secretLint({ args });
    const out = moveToSecrets({ finding, args, env: {}, secrets: {} });
    expect(out).toEqual({ args: ["--epochs", "3"], env: {}, secrets: { HF_TOKEN: HF } });
    expect(args).toHaveLength(4);
  });

  it("moves a --flag=value argument, a positional token, and an env entry", () => {
    const a1 = [`--token=${HF}`, "x"];
    expect(moveToSecrets({ finding: secretLint({ args: a1 })[0], args: a1, env: {}, secrets: {} }).args).toEqual(["x"]);
    const a2 = ["run", HF];
    expect(moveToSecrets({ finding: secretLint({ args: a2 })[0], args: a2, env: {}, secrets: {} })).toMatchObject({ args: ["run"], secrets: { HF_TOKEN: HF } });
    const env = { OPENAI_API_KEY: SK, KEEP: "1" };
    expect(moveToSecrets({ finding: secretLint({ env })[0], args: [], env, secrets: { OTHER: "x" } })).toEqual({
      args: [], env: { KEEP: "1" }, secrets: { OTHER: "x", OPENAI_API_KEY: SK },
    });
  });
});

describe("maskSecrets", () => {
  it("masks known secret values and token shapes, longest value first", () => {
    const text = `uv run /data/train.py --hf-token ${HF} --password hunter22 --pw hunter22-long`;
    const masked = maskSecrets(text, ["hunter22", "hunter22-long"]);
    expect(masked).toBe(`uv run /data/train.py --hf-token ${MASK} --password ${MASK} --pw ${MASK}`);
  });

  it("leaves values shorter than 4 characters alone", () => {
    expect(maskSecrets("a b c", ["a"])).toBe("a b c");
  });
});
