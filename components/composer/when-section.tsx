"use client";

import dynamic from "next/dynamic";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import type { ComposerModel } from "./use-composer";

// The schedule picker brings the cron parser (croner): loaded when "Schedule" is chosen, not with the page.
const ScheduleFields = dynamic(() => import("./schedule-fields").then((m) => m.ScheduleFields), {
  ssr: false,
  loading: () => <Spinner label="Loading the schedule picker" />,
});

/** The composer's "When" card: run now, or on a schedule (cron, suspend, concurrency). */
export function WhenSection({ model }: { model: ComposerModel }) {
  const { state, dispatch } = model;
  return (
    <Card title="When">
      <div className="space-y-3">
        <div role="radiogroup" aria-label="When to run" className="flex gap-2">
          {(["now", "schedule"] as const).map((m) => (
            <label
              key={m}
              className={`flex flex-1 cursor-pointer items-center justify-center gap-2 rounded-md border px-3 py-1.5 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand ${
                state.mode === m ? "border-brand bg-orange-50 font-medium dark:bg-orange-950/30" : "border-neutral-300 dark:border-neutral-700"
              }`}
            >
              <input type="radio" name="mode" value={m} checked={state.mode === m} onChange={() => dispatch({ type: "edit", field: "mode", value: m })} className="sr-only" />
              {m === "now" ? "Run now" : "Schedule"}
            </label>
          ))}
        </div>
        {state.mode === "schedule" && (
          <ScheduleFields
            value={state.schedule}
            onChange={(value) => dispatch({ type: "edit", field: "schedule", value })}
            errors={state.serverError?.fieldErrors?.["schedule.cron"] ?? []}
            timeZoneErrors={state.serverError?.fieldErrors?.["schedule.timeZone"] ?? []}
          />
        )}
      </div>
    </Card>
  );
}
