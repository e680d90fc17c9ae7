"use client";

import { Card } from "@/components/ui/card";
import { Field, inputClass } from "./fields";
import type { ComposerModel } from "./use-composer";

/**
 * The composer's "Ports, SSH and replicas" card (issue 13 item 4): exposed ports (`expose`), the SSH
 * switch (`ssh`), and replicas launched as one network group (lib/jobs/replicas.ts: rank 0 is
 * `master`; each replica gets RANK, WORLD_SIZE, NODE_RANK, NNODES, MASTER_ALIAS and MASTER_PORT).
 */
export function AccessSection({ model }: { model: ComposerModel }) {
  const { state, dispatch, view } = model;
  const replicas = Number(state.replicasText);
  const portErrors = [...(view.portsError ? [view.portsError] : []), ...view.errorsWithPrefix("expose")];
  return (
    <Card title="Ports, SSH and replicas">
      <div className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Exposed ports" errors={portErrors} hint="e.g. 8000, 7860: the job page links each port's URL once the job runs.">
            {({ id, describedBy, invalid }) => (
              <input id={id} value={state.exposeText} placeholder="8000" aria-describedby={describedBy} aria-invalid={invalid || undefined} className={`${inputClass(invalid)} font-mono`}
                onChange={(e) => dispatch({ type: "edit", field: "exposeText", value: e.target.value })} />
            )}
          </Field>
          <label className="flex items-center gap-2 self-center text-sm">
            <input type="checkbox" checked={state.ssh} onChange={(e) => dispatch({ type: "edit", field: "ssh", value: e.target.checked })} />
            Enable SSH (connect with <code className="font-mono text-xs">hf jobs ssh &lt;id&gt;</code>)
          </label>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Replicas" errors={view.errorsFor("replicas")} hint="More than 1: that many jobs in one network group, each told its RANK and the WORLD_SIZE.">
            {({ id, describedBy, invalid }) => (
              <input id={id} type="number" min={1} max={16} value={state.replicasText} aria-describedby={describedBy} aria-invalid={invalid || undefined} className={inputClass(invalid)}
                onChange={(e) => dispatch({ type: "edit", field: "replicasText", value: e.target.value })} />
            )}
          </Field>
          <Field label="Network group" errors={view.errorsFor("networkGroup")} hint="Lowercase letters, digits and -; empty: generated for this launch.">
            {({ id, describedBy, invalid }) => (
              <input id={id} value={state.networkGroup} placeholder={replicas > 1 ? "generated" : "none"} aria-describedby={describedBy} aria-invalid={invalid || undefined}
                className={`${inputClass(invalid)} font-mono`} onChange={(e) => dispatch({ type: "edit", field: "networkGroup", value: e.target.value })} />
            )}
          </Field>
        </div>
        {replicas > 1 && (
          <p className="text-xs text-neutral-500">
            Rank 0 answers at <code className="font-mono">$HF_NETWORK_GROUP_PREFIX</code>master (its alias; MASTER_ALIAS holds the name), every member at{" "}
            <code className="font-mono">$HF_NETWORK_GROUP_HOSTNAME</code>. The cost shown is per replica: {replicas} jobs run.
          </p>
        )}
      </div>
    </Card>
  );
}
