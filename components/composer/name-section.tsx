"use client";

import { Card } from "@/components/ui/card";
import { Field, Group, inputClass } from "./fields";
import { KeyValueRows } from "./key-value-rows";
import { SecretFindings } from "./secret-findings";
import type { ComposerModel } from "./use-composer";

/** The composer's "Name and labels" card: job name, namespace, labels. */
export function NameSection({ model, namespaces }: { model: ComposerModel; namespaces: readonly string[] }) {
  const { state, dispatch, view } = model;
  const labelErrors = view.errorsWithPrefix("labels").filter((e) => !state.labelRows.some((r) => view.errorsFor(`labels.${r.key}`).includes(e)));
  return (
    <Card title="Name and labels">
      <div className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Job name" errors={view.errorsFor("name")} hint="Letters, digits, . _ - ; empty: derived from the script.">
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                value={state.name}
                onChange={(e) => dispatch({ type: "edit", field: "name", value: e.target.value })}
                placeholder={view.result?.redactedSpec?.labels.name ?? "my-job"}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                className={`${inputClass(invalid)} font-mono`}
              />
            )}
          </Field>
          <Field label="Run in namespace" errors={view.errorsFor("namespace")} hint="Your account or one of your organizations.">
            {({ id, describedBy, invalid }) => (
              <select
                id={id}
                value={view.namespace}
                onChange={(e) => dispatch({ type: "edit", field: "namespaceChoice", value: e.target.value })}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                className={inputClass(invalid)}
              >
                {namespaces.map((ns) => (
                  <option key={ns} value={ns}>
                    {ns}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <SecretFindings findings={view.findings.filter((f) => f.field === "name")} onMove={model.moveFinding} />
        <Group legend="Labels" errors={labelErrors}>
          <KeyValueRows
            name="label"
            rows={state.labelRows}
            onChange={(value) => dispatch({ type: "edit", field: "labelRows", value })}
            keyPlaceholder="team"
            valuePlaceholder="nlp"
            errorsFor={(k) => view.errorsFor(`labels.${k}`)}
            rowHint={(row) => {
              const f = view.findings.find((x) => x.field === "labels" && x.key === row.key.trim());
              return f ? <SecretFindings findings={[f]} onMove={model.moveFinding} /> : null;
            }}
          />
        </Group>
      </div>
    </Card>
  );
}
