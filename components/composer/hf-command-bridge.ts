import { formatCommandLine } from "@/lib/jobs/command-line";
import { DEFAULT_IMAGE } from "@/lib/jobs/constants";
import type { HfCommand } from "@/lib/jobs/hf-command";
import { formatArgs } from "@/lib/jobs/tokenize-args";
import type { ComposerState } from "./composer-state";
import { nextRowId, type KeyValueRow, type SecretRow } from "./rows";

/**
 * The composer ⇄ an `hf jobs … run` line (issue 13, Deliver 5). Pure, client-safe; the line itself is
 * lib/jobs/hf-command.ts's (huggingface_hub 2.0.0 `cli/jobs.py`, tested against the real CLI).
 * This half maps a parsed line onto the form (the reducer's, so on every page); the form → line half
 * is ./hf-command-of-form.ts, with the line formatter, loaded with the "hf command" tools.
 */

/** What a pasted line changes in the form, and what the form cannot hold (reported, never dropped silently). */
export interface PastedForm {
  patch: Partial<ComposerState>;
  notes: string[];
}

const rows = (record: Record<string, string>): KeyValueRow[] => Object.entries(record).map(([key, value]) => ({ id: nextRowId(), key, value }));

/**
 * Maps a parsed `hf jobs … run` line (lib/jobs/hf-command.ts `parseHfCommand`) onto the composer's fields.
 * Secrets come as names only (a value on the line is not kept: type it in the form). What the form has no
 * field for yet (volumes, ports, SSH, network, resource group, env/secrets files, values taken from the
 * caller's environment) is listed in `notes`.
 */
export function formFromHfCommand(cmd: HfCommand): PastedForm {
  const notes: string[] = [];
  const patch: Partial<ComposerState> = {
    flavor: cmd.flavor ?? "cpu-basic",
    timeoutText: cmd.timeout ?? "",
    envRows: rows(cmd.env),
    labelRows: rows(Object.fromEntries(Object.entries(cmd.labels).filter(([k]) => k !== "name"))),
    name: cmd.labels["name"] ?? "",
    secretRows: Object.keys(cmd.secrets).map((key): SecretRow => ({ id: nextRowId(), key, value: "", fromSession: false, sealed: false, mustReenter: true })),
  };
  if (cmd.kind === "uv" && cmd.uv) {
    patch.jobKind = "uv";
    patch.image = cmd.image ?? DEFAULT_IMAGE;
    patch.argsText = formatArgs(cmd.uv.scriptArgs);
    patch.userDeps = cmd.uv.with;
    patch.python = cmd.uv.python ?? "";
    patch.scriptChoice = cmd.uv.script;
    notes.push(`Drop ${cmd.uv.script} (and the files its arguments name): the line names the script, the app uploads it.`);
  } else {
    patch.jobKind = "command";
    patch.image = cmd.image ?? "";
    patch.commandText = formatCommandLine(cmd.command);
  }
  if (cmd.schedule) {
    patch.mode = "schedule";
    patch.schedule = { cron: cmd.schedule.schedule, suspend: cmd.schedule.suspend ?? false, concurrency: cmd.schedule.concurrency ?? false };
  } else patch.mode = "now";
  if (Object.values(cmd.secrets).some((v) => v !== null)) notes.push("Secret values on the line were not kept: type them in Secrets.");
  else if (Object.keys(cmd.secrets).length > 0) notes.push(`Enter the value of ${Object.keys(cmd.secrets).join(", ")} in Secrets.`);
  if (cmd.envFromEnvironment.length > 0) notes.push(`-e ${cmd.envFromEnvironment.join(", -e ")}: the value comes from your shell's environment; add it under Environment.`);
  if (cmd.envFile) notes.push(`--env-file ${cmd.envFile}: not read; add its variables under Environment.`);
  if (cmd.secretsFile) notes.push(`--secrets-file ${cmd.secretsFile}: not read; add its secrets under Secrets.`);
  if (cmd.volumes.length > 0) notes.push(`Not in the form yet: volumes ${cmd.volumes.map((v) => `${v.type}:${v.source} at ${v.mountPath}`).join(", ")}.`);
  if (cmd.expose.length > 0) notes.push(`Not in the form yet: --expose ${cmd.expose.join(", ")}.`);
  if (cmd.ssh) notes.push("Not in the form yet: --ssh.");
  if (cmd.networkGroup) notes.push(`Not in the form yet: --network-group ${cmd.networkGroup}.`);
  if (cmd.resourceGroupId) notes.push(`Not in the form yet: --resource-group-id ${cmd.resourceGroupId}.`);
  if (cmd.namespace) notes.push(`--namespace ${cmd.namespace}: choose it in "Run in namespace".`);
  if (cmd.detach || cmd.dryRun) notes.push(`${cmd.detach ? "-d" : "--dry-run"}: ignored (the app always launches and follows the job).`);
  return { patch, notes };
}
