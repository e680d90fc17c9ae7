"use client";

import { ErrorState } from "@/components/ui/error-state";
import { Spinner } from "@/components/ui/spinner";
import { describeAccelerator, formatUSD, pricePerHour, type Hardware } from "./hardware";
import { inputClass } from "./fields";

/**
 * The hardware picker: every flavor the Hub lists, with CPU, RAM, accelerator and price per hour.
 * While the list loads it shows a spinner; when it fails, the error with a retry, and a plain text
 * field so a known flavor name can still be typed (no hard-coded list).
 */
export function FlavorPicker({
  id,
  value,
  onChange,
  hardware,
  loading,
  error,
  onRetry,
  describedBy,
  invalid,
}: {
  id: string;
  value: string;
  onChange: (flavor: string) => void;
  hardware: readonly Hardware[] | undefined;
  loading: boolean;
  error: string | null;
  onRetry: () => void;
  describedBy?: string;
  invalid?: boolean;
}) {
  if (loading) {
    return (
      <div className="space-y-2">
        <Spinner label="Loading hardware" />
        <select id={id} disabled className={inputClass()} aria-describedby={describedBy} value={value} onChange={() => undefined}>
          <option value={value}>{value}</option>
        </select>
      </div>
    );
  }
  if (error || !hardware) {
    return (
      <div className="space-y-2">
        <ErrorState title="Could not load the hardware list" message={error ?? "No answer from /api/hardware."} onRetry={onRetry} />
        <input id={id} value={value} onChange={(e) => onChange(e.target.value.trim())} className={`${inputClass(invalid)} font-mono`} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
      </div>
    );
  }
  const selected = hardware.find((h) => h.name === value);
  const known = selected !== undefined;
  return (
    <div className="space-y-2">
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        className={`${inputClass(invalid)} font-mono`}
      >
        {!known && <option value={value}>{value} (not in the Hub&apos;s list)</option>}
        {groupByKind(hardware).map(([kind, items]) => (
          <optgroup key={kind} label={kind}>
            {items.map((h) => (
              <option key={h.name} value={h.name}>
                {optionLabel(h)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {selected && (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-0.5 text-xs sm:grid-cols-4" data-testid="flavor-details">
          <div>
            <dt className="text-neutral-500">CPU</dt>
            <dd>{selected.cpu ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-neutral-500">RAM</dt>
            <dd>{selected.ram ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-neutral-500">Accelerator</dt>
            <dd>{describeAccelerator(selected)}</dd>
          </div>
          <div>
            <dt className="text-neutral-500">Price</dt>
            <dd data-testid="flavor-price">{priceLabel(selected)}</dd>
          </div>
        </dl>
      )}
    </div>
  );
}

function priceLabel(h: Hardware): string {
  const price = pricePerHour(h);
  return price === null ? "price unknown" : `${formatUSD(price)}/h`;
}

function optionLabel(h: Hardware): string {
  const specs = [h.cpu, h.ram, h.accelerator ? describeAccelerator(h) : null].filter(Boolean).join(" · ");
  return `${h.prettyName ?? h.name} (${h.name})${specs ? ` — ${specs}` : ""} — ${priceLabel(h)}`;
}

function groupByKind(hardware: readonly Hardware[]): [string, Hardware[]][] {
  const groups = new Map<string, Hardware[]>();
  for (const h of hardware) {
    const kind = h.accelerator ? (h.accelerator.type === "neuron" ? "Neuron" : "GPU") : "CPU";
    groups.set(kind, [...(groups.get(kind) ?? []), h]);
  }
  return [...groups.entries()];
}
