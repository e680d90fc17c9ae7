/** The options of each `hf jobs … run` command (huggingface_hub 2.0.0 `cli/jobs.py`), for parseHfCommand. */

export type OptKey =
  | "env" | "secrets" | "envFile" | "secretsFile" | "flavor" | "timeout" | "label" | "name" | "volume"
  | "detach" | "dryRun" | "expose" | "ssh" | "networkGroup" | "networkAlias" | "resourceGroupId"
  | "namespace" | "token" | "format" | "json" | "quiet" | "image" | "with" | "python"
  | "suspend" | "noSuspend" | "concurrency" | "noConcurrency";

export interface OptDef {
  key: OptKey;
  value: boolean;
}

/** Which command a line runs, which options it takes (the `--help` of each 2.0.0 command). */
export function optionTable(kind: "run" | "uv", scheduled: boolean): Map<string, OptDef> {
  const t = new Map<string, OptDef>();
  const add = (names: string[], key: OptKey, value = true) => names.forEach((n) => t.set(n, { key, value }));
  add(["-e", "--env"], "env");
  add(["-s", "--secrets"], "secrets");
  add(["--env-file"], "envFile");
  add(["--secrets-file"], "secretsFile");
  add(["--flavor"], "flavor");
  add(["--timeout"], "timeout");
  add(["-l", "--label"], "label");
  add(["--name"], "name");
  add(["-v", "--volume"], "volume");
  add(["--dry-run"], "dryRun", false);
  add(["--expose"], "expose");
  add(["--resource-group-id"], "resourceGroupId");
  add(["--namespace"], "namespace");
  add(["--token"], "token");
  add(["--format"], "format");
  add(["--json"], "json", false);
  add(["-q", "--quiet"], "quiet", false);
  if (!scheduled) {
    add(["-d", "--detach"], "detach", false);
    add(["--ssh"], "ssh", false);
    add(["--network-group"], "networkGroup");
    add(["--network-alias"], "networkAlias");
  } else {
    add(["--suspend"], "suspend", false);
    add(["--no-suspend"], "noSuspend", false);
    add(["--concurrency"], "concurrency", false);
    add(["--no-concurrency"], "noConcurrency", false);
  }
  if (kind === "uv") {
    add(["--image"], "image");
    add(["--with"], "with");
    add(["-p", "--python"], "python");
  }
  return t;
}
