"use client";

import { Card } from "@/components/ui/card";
import { Group } from "./fields";
import { KeyValueRows } from "./key-value-rows";
import { SecretFindings } from "./secret-findings";
import { SecretRows } from "./secret-rows";
import type { ComposerModel } from "./use-composer";

/** The composer's "Environment and secrets" card. */
export function EnvSection({ model }: { model: ComposerModel }) {
  const { state, dispatch, view } = model;
  return (
    <Card title="Environment and secrets">
      <div className="space-y-5">
        <Group legend="Environment variables" hint="Plain values, visible in the job's details.">
          <KeyValueRows
            name="environment variable"
            multiline
            rows={state.envRows}
            onChange={(value) => dispatch({ type: "edit", field: "envRows", value })}
            keyPlaceholder="LOG_LEVEL"
            valuePlaceholder="info"
            errorsFor={(k) => view.errorsFor(`env.${k}`)}
            rowHint={(row) => {
              const f = view.findings.find((x) => x.field === "env" && x.key === row.key.trim());
              return f ? <SecretFindings findings={[f]} onMove={model.moveFinding} /> : null;
            }}
          />
        </Group>
        <Group legend="Secrets" hint="Write-only: encrypted by the Hub, never shown again here or in the job page.">
          <SecretRows
            rows={state.secretRows}
            onChange={(value) => dispatch({ type: "edit", field: "secretRows", value })}
            errorsFor={(k) => view.errorsFor(`secrets.${k}`)}
            canUseSessionToken
          />
        </Group>
      </div>
    </Card>
  );
}
