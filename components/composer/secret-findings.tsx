"use client";

import { Button } from "@/components/ui/button";
import type { SecretFinding } from "@/lib/jobs/secret-lint";

/**
 * "Looks like a token" warnings (field case B28), with a one-click "Move to secrets" where that fixes
 * it (args, env); dependency, label and name warnings say to remove the token instead.
 */
export function SecretFindings({ findings, onMove }: { findings: readonly SecretFinding[]; onMove: (f: SecretFinding) => void }) {
  if (findings.length === 0) return null;
  return (
    <ul className="space-y-1" aria-label="Possible secrets">
      {findings.map((f) => (
        <li key={f.fieldKey} className="flex flex-wrap items-center gap-2 rounded-md bg-amber-50 px-3 py-1.5 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          <span className="min-w-0 flex-1">{f.message}</span>
          {f.movable ? (
            <Button size="sm" onClick={() => onMove(f)}>
              Move to secrets as {f.suggestedName}
            </Button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
