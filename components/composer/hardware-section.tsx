"use client";

import { Card } from "@/components/ui/card";
import { formatTimeout, parseTimeout } from "@/lib/jobs/timeout";
import { Field, inputClass } from "./fields";
import { FlavorPicker } from "./flavor-picker";
import type { ComposerModel } from "./use-composer";

/** The composer's "Hardware and limits" card: the flavor (with its price) and the timeout. */
export function HardwareSection({ model }: { model: ComposerModel }) {
  const { state, dispatch, view, hardwareStatus } = model;
  // The timeout parser is this card's own (the builder checks the same text again, lib/jobs/timeout.ts).
  const timeoutParse = state.timeoutText.trim() ? parseTimeout(state.timeoutText) : null;
  return (
    <Card title="Hardware and limits">
      <div className="space-y-4">
        <Field label="Hardware" errors={view.errorsFor("flavor")}>
          {({ id, describedBy, invalid }) => (
            <FlavorPicker
              id={id}
              value={state.flavor}
              onChange={(value) => dispatch({ type: "edit", field: "flavor", value })}
              hardware={view.hardware}
              loading={hardwareStatus.pending}
              error={hardwareStatus.error}
              onRetry={hardwareStatus.retry}
              describedBy={describedBy}
              invalid={invalid}
            />
          )}
        </Field>
        <Field
          label="Timeout"
          errors={view.errorsFor("timeout")}
          hint={
            <span data-testid="timeout-seconds">
              {timeoutParse === null
                ? "Empty: the Hub's default, 30 min (1800 s). Examples: 90m, 2h, 1h30m, 3600."
                : timeoutParse.ok
                  ? `= ${timeoutParse.seconds} s (${formatTimeout(timeoutParse.seconds)})`
                  : "Examples: 90m, 2h, 1h30m, 3600."}
            </span>
          }
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              value={state.timeoutText}
              onChange={(e) => dispatch({ type: "edit", field: "timeoutText", value: e.target.value })}
              placeholder="30m"
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              className={`${inputClass(invalid, "w-full max-w-xs")} font-mono`}
            />
          )}
        </Field>
      </div>
    </Card>
  );
}
