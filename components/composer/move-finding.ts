import { moveToSecrets, type SecretFinding } from "@/lib/jobs/secret-lint";
import { formatArgs, tokenizeArgs } from "@/lib/jobs/tokenize-args";
import type { ComposerState } from "./composer-state";
import { nextRowId, recordToRows, rowsToRecord } from "./rows";

/**
 * The reducer's `findingMoved` (./composer-state.ts): moves a token-looking value from the arguments
 * or env into Secrets (field case B28, lib/jobs/secret-lint.ts `moveToSecrets`), rebuilding the rows.
 * Part of the spec engine's chunk (./spec-engine.ts), like the lint that finds such values. Pure.
 */
export function moveFinding(state: ComposerState, finding: SecretFinding): ComposerState {
  const tokenized = tokenizeArgs(state.argsText);
  const args = tokenized.ok ? tokenized.args : [];
  const env = rowsToRecord(state.envRows);
  const secretsNow = Object.fromEntries(state.secretRows.filter((r) => !r.fromSession).map((r) => [r.key, r.value]));
  const moved = moveToSecrets({ finding, args, env, secrets: secretsNow });
  const kept = state.secretRows.filter((r) => r.fromSession && !(finding.suggestedName in moved.secrets && r.key === finding.suggestedName));
  // Re-run rows still waiting for their value keep blocking the launch after the rows are rebuilt.
  const reenter = new Set(state.secretRows.filter((r) => r.mustReenter && !r.fromSession).map((r) => r.key));
  return {
    ...state,
    argsText: formatArgs(moved.args),
    envRows: recordToRows(moved.env),
    secretRows: [
      ...kept,
      ...Object.entries(moved.secrets).map(([key, value]) => ({ id: nextRowId(), key, value, fromSession: false, sealed: value !== "", mustReenter: reenter.has(key) })),
    ],
  };
}
