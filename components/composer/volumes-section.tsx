"use client";

import dynamic from "next/dynamic";
import { Card } from "@/components/ui/card";
import { Field, FieldErrors, inputClass } from "./fields";
import type { ComposerModel } from "./use-composer";
import { newVolumeRow, type VolumeRow } from "./volume-rows";

// Suggestions are needed only once a row exists (never on the server's first render): their chunk,
// with react-query, loads then.
const VolumeSourceSuggestions = dynamic(() => import("./volume-source-suggestions").then((m) => m.VolumeSourceSuggestions), { ssr: false });

const TYPES: { value: VolumeRow["type"]; label: string }[] = [
  { value: "dataset", label: "Dataset" },
  { value: "model", label: "Model" },
  { value: "space", label: "Space" },
  { value: "bucket", label: "Bucket" },
];

/**
 * The composer's "Volumes" card (issue 13 item 3): datasets, models and Spaces (read-only, optional
 * revision and sub-path) and buckets (read-write or read-only, sub-path) at mount paths of the user's
 * choice. The Hub's rules (absolute paths, one volume per path, `/data` reserved for the job's
 * files) come from the spec builder (lib/jobs/job-spec-fields-2x.ts, preflight.ts) and show on the
 * field before anything is sent. The source field suggests the namespace's repos and buckets.
 */
export function VolumesSection({ model }: { model: ComposerModel }) {
  const { state, dispatch, view } = model;
  const rows = state.volumeRows;
  const set = (value: VolumeRow[]) => dispatch({ type: "edit", field: "volumeRows", value });
  const update = (id: number, patch: Partial<VolumeRow>) => set(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  // The input lists only rows with a source: errors are keyed by that index.
  const withSource = rows.filter((r) => r.source.trim() !== "").map((r) => r.id);
  return (
    <Card title="Volumes" actions={<button type="button" className="text-sm underline" onClick={() => set([...rows, newVolumeRow()])}>Add volume</button>}>
      {rows.length === 0 && <p className="text-sm text-neutral-500">No volumes: the job sees its own files at /data. Add a dataset, model, Space or bucket to mount it beside them.</p>}
      <ul className="space-y-4">
        {rows.map((row, n) => {
          const i = withSource.indexOf(row.id);
          const err = (k: string) => (i < 0 ? [] : view.errorsFor(`volumes.${i}.${k}`));
          const label = `Volume ${n + 1}`;
          const listId = `volume-sources-${row.id}`;
          return (
            <li key={row.id} className="space-y-3 rounded-md border border-neutral-200 p-3 dark:border-neutral-800" aria-label={label}>
              <div className="grid gap-3 sm:grid-cols-[8rem_1fr_1fr]">
                <Field label={`${label} type`}>
                  {({ id }) => (
                    <select id={id} value={row.type} className={inputClass()} onChange={(e) => {
                      const type = e.target.value as VolumeRow["type"];
                      update(row.id, { type, readOnly: type !== "bucket" ? true : false, ...(row.mountPath === `/${row.type}` ? { mountPath: `/${type}` } : {}) });
                    }}>
                      {TYPES.map((t) => <option key={t.value} value={t.value}>{t.label}</option>)}
                    </select>
                  )}
                </Field>
                <Field label={`${label} source`} errors={err("source")} hint="namespace/name">
                  {({ id, describedBy, invalid }) => (
                    <>
                      <input id={id} list={listId} value={row.source} placeholder={`${view.namespace || "user"}/my-${row.type}`} aria-describedby={describedBy} aria-invalid={invalid || undefined}
                        className={`${inputClass(invalid)} font-mono`} onChange={(e) => update(row.id, { source: e.target.value })} />
                    </>
                  )}
                </Field>
                <Field label={`${label} mount path`} errors={err("mountPath")}>
                  {({ id, describedBy, invalid }) => (
                    <input id={id} value={row.mountPath} aria-describedby={describedBy} aria-invalid={invalid || undefined} className={`${inputClass(invalid)} font-mono`}
                      onChange={(e) => update(row.id, { mountPath: e.target.value })} />
                  )}
                </Field>
              </div>
              <div className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
                <Field label={`${label} sub-path`} errors={err("path")} hint="A folder inside it; empty: all of it.">
                  {({ id, describedBy, invalid }) => (
                    <input id={id} value={row.path} aria-describedby={describedBy} aria-invalid={invalid || undefined} className={`${inputClass(invalid)} font-mono`}
                      onChange={(e) => update(row.id, { path: e.target.value })} />
                  )}
                </Field>
                {row.type !== "bucket" ? (
                  <Field label={`${label} revision`} errors={err("revision")} hint="Branch, tag or commit; empty: main. Repos mount read-only.">
                    {({ id, describedBy, invalid }) => (
                      <input id={id} value={row.revision} aria-describedby={describedBy} aria-invalid={invalid || undefined} className={`${inputClass(invalid)} font-mono`}
                        onChange={(e) => update(row.id, { revision: e.target.value })} />
                    )}
                  </Field>
                ) : (
                  <label className="flex items-center gap-2 text-sm">
                    <input type="checkbox" checked={row.readOnly} onChange={(e) => update(row.id, { readOnly: e.target.checked })} />
                    {label} read-only
                  </label>
                )}
                <button type="button" className="text-sm underline" aria-label={`Remove volume ${n + 1}`} onClick={() => set(rows.filter((r) => r.id !== row.id))}>
                  Remove
                </button>
              </div>
              <FieldErrors errors={err("readOnly")} />
            </li>
          );
        })}
      </ul>
      {rows.length > 0 && <VolumeSourceSuggestions namespace={view.namespace} rows={rows.map((r) => ({ listId: `volume-sources-${r.id}`, type: r.type }))} />}
    </Card>
  );
}
