import { describe, expect, it } from "vitest";
import { mergeHfJobsHeader, parseHfJobsHeader } from "./hf-jobs-header";

const script = (table: string) => `# /// script\n# dependencies = ["trl"]\n# [tool.hf-jobs]\n${table
  .split("\n")
  .map((l) => `# ${l}`)
  .join("\n")}\n# ///\nprint(1)\n`;

describe("parseHfJobsHeader", () => {
  it("reads every key into typed defaults", () => {
    const r = parseHfJobsHeader(
      script(
        [
          'flavor = "a10g-small"',
          "timeout = 7200",
          'image = "img"',
          'python = "3.12"',
          'name = "n"',
          'namespace = "org"',
          'network_group = "g"',
          'env = { WANDB_PROJECT = "x" }',
          'secrets = ["HF_TOKEN"]',
          'labels = { team = "ml" }',
          'volumes = ["hf://datasets/org/ds:/dataset"]',
          'network_aliases = ["master"]',
        ].join("\n"),
      ),
    );
    expect(r).toEqual({
      ok: true,
      header: {
        flavor: "a10g-small",
        timeout: "7200",
        image: "img",
        python: "3.12",
        name: "n",
        namespace: "org",
        networkGroup: "g",
        env: { WANDB_PROJECT: "x" },
        secrets: ["HF_TOKEN"],
        labels: { team: "ml" },
        volumes: [{ type: "dataset", source: "org/ds", mountPath: "/dataset" }],
        networkAliases: ["master"],
      },
    });
  });
  it("is null without a block or a table", () => {
    expect(parseHfJobsHeader("print(1)\n")).toEqual({ ok: true, header: null });
    expect(parseHfJobsHeader('# /// script\n# dependencies = []\n# ///\n')).toEqual({ ok: true, header: null });
  });
  it("names the valid keys for an unknown one", () => {
    const r = parseHfJobsHeader(script('flavour = "x"\ngpu = 1'));
    expect(r).toMatchObject({ ok: false, error: { field: "flavour", line: 3 } });
    if (!r.ok) {
      expect(r.error.message).toContain("Unknown key(s) 'flavour', 'gpu'");
      expect(r.error.message).toContain("Valid keys are: image, flavor, python, timeout, name, namespace, network_group, env, secrets, labels, volumes, network_aliases.");
    }
  });
  it("refuses wrong types with the key named", () => {
    expect(parseHfJobsHeader(script("env = { A = 1 }"))).toMatchObject({ ok: false, error: { field: "env.A" } });
    expect(parseHfJobsHeader(script("timeout = true"))).toMatchObject({ ok: false, error: { field: "timeout" } });
    expect(parseHfJobsHeader(script('secrets = { HF_TOKEN = "hf_x" }'))).toMatchObject({ ok: false, error: { field: "secrets" } });
    expect(parseHfJobsHeader(script('volumes = ["./d:/d"]'))).toMatchObject({ ok: false, error: { field: "volumes.0" } });
    expect(parseHfJobsHeader(script('flavor = ["a"]'))).toMatchObject({ ok: false, error: { field: "flavor" } });
  });
});

describe("mergeHfJobsHeader", () => {
  const parsed = parseHfJobsHeader(
    script(
      [
        'flavor = "a10g-small"',
        'timeout = "2h"',
        'name = "from-script"',
        'env = { A = "script", B = "script" }',
        'secrets = ["HF_TOKEN", "WANDB_KEY"]',
        'labels = { team = "ml", stage = "dev" }',
        'volumes = ["hf://datasets/org/ds:/dataset", "hf://org/m:/model"]',
        'network_group = "g"',
        'network_aliases = ["master"]',
      ].join("\n"),
    ),
  );
  const header = parsed.ok ? parsed.header : null;

  it("lets the user's fields win and merges maps entry by entry, marking what came from the script", () => {
    const r = mergeHfJobsHeader({
      header,
      user: {
        flavor: "cpu-basic",
        env: { A: "user" },
        secrets: { WANDB_KEY: "v" },
        labels: { stage: "prod" },
        volumes: [{ type: "bucket", source: "me/b", mountPath: "/model" }],
        networkAliases: ["worker"],
      },
    });
    expect(r.values).toEqual({
      flavor: "cpu-basic",
      timeout: "2h",
      networkGroup: "g",
      networkAliases: ["worker"],
      env: { B: "script", A: "user" },
      secrets: { HF_TOKEN: null, WANDB_KEY: "v" },
      labels: { team: "ml", name: "from-script", stage: "prod" },
      volumes: [
        { type: "dataset", source: "org/ds", mountPath: "/dataset" },
        { type: "bucket", source: "me/b", mountPath: "/model" },
      ],
    });
    expect(r.fromScript.sort()).toEqual(["env.B", "labels.name", "labels.team", "network_group", "secrets.HF_TOKEN", "timeout", "volumes./dataset"].sort());
    expect(r.secretsNeedingValue).toEqual(["HF_TOKEN"]);
  });
  it("the user's name beats the script's, and no header passes the user through", () => {
    const r = mergeHfJobsHeader({ header, user: { name: "mine" } });
    expect(r.values.labels.name).toBe("mine");
    expect(r.fromScript).not.toContain("labels.name");
    expect(r.values.networkAliases).toEqual(["master"]);
    expect(r.fromScript).toContain("network_aliases");
    const none = mergeHfJobsHeader({ header: null, user: { flavor: "t4-small", env: { X: "1" } } });
    expect(none).toEqual({
      values: { flavor: "t4-small", networkAliases: [], env: { X: "1" }, secrets: {}, labels: {}, volumes: [] },
      fromScript: [],
      secretsNeedingValue: [],
    });
  });
});
