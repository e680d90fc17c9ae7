"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, useSyncExternalStore } from "react";
import { EditScheduleError, useEditScheduledJob } from "@/components/api/scheduled-jobs/edit-scheduled-job";
import type { ReplaceResult } from "@/lib/jobs/replace-schedule";
import { scheduleLineageOf } from "@/lib/jobs/schedule-labels";
import type { ScheduledJobView } from "@/lib/jobs/view";
import { Button } from "@/components/ui/button";
import { FieldErrors, inputClass } from "@/components/composer/fields";
import { Spinner } from "@/components/ui/spinner";
import { appPaths } from "@/lib/app-paths";

// The zone field converts the cron with croner (lib/jobs/zoned-cron.ts): loaded when the form opens,
// not with the page (issue 15, item 5).
const TimeZoneField = dynamic(() => import("@/components/composer/time-zone-field").then((m) => m.TimeZoneField), {
  loading: () => <Spinner label="Loading the time zone field" />,
});

/**
 * "Edit schedule": the cron (in UTC or a time zone), overlap, and the secrets' values when the job has
 * secrets (the Hub never returns them). The Hub has no update, so the form says before saving that a
 * new schedule is created and this one then deleted; afterwards the new schedule's page says it
 * (`?replaced=`), or, when the delete failed, this form says both exist.
 */
export function ScheduleEditor({ scheduled }: { scheduled: ScheduledJobView }) {
  const id = useId();
  const router = useRouter();
  const browserZone = useSyncExternalStore(
    () => () => undefined,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => null,
  );
  // the cron as written in its zone when the labels kept it; else the Hub's UTC cron, read in UTC
  const { timeZone: savedZone, localCron } = scheduleLineageOf(scheduled.id, scheduled.spec.labels);
  const [open, setOpen] = useState(false);
  const [cron, setCron] = useState(localCron ?? scheduled.schedule);
  const [timeZone, setTimeZone] = useState(localCron && savedZone ? savedZone : "UTC");
  const [concurrency, setConcurrency] = useState(scheduled.concurrency);
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [bothExist, setBothExist] = useState<ReplaceResult | null>(null);

  const mutation = useEditScheduledJob((data) => {
    if (data.deleted) router.push(appPaths.scheduledJob(scheduled.namespace, data.scheduledJobId, { replaced: data.replacedId }));
    else setBothExist(data);
  });
  const fieldErrors = mutation.error instanceof EditScheduleError ? mutation.error.fieldErrors : {};

  if (bothExist) {
    return (
      <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950/30">
        The new schedule{" "}
        <Link className="font-mono text-brand-strong hover:underline" href={appPaths.scheduledJob(scheduled.namespace, bothExist.scheduledJobId)}>
          {bothExist.scheduledJobId}
        </Link>{" "}
        was created, but this one ({scheduled.id}) could not be deleted: both exist and both will run. Delete this one with the Delete button. ({bothExist.deleteError})
      </div>
    );
  }
  if (!open) {
    return (
      <Button onClick={() => setOpen(true)} aria-expanded={false}>
        Edit schedule
      </Button>
    );
  }
  return (
    <form
      aria-label="Edit schedule"
      className="space-y-3 rounded-md border border-neutral-200 p-3 dark:border-neutral-800"
      onSubmit={(e) => {
        e.preventDefault();
        mutation.mutate({ namespace: scheduled.namespace, scheduledJobId: scheduled.id, cron, timeZone, concurrency, secrets });
      }}
    >
      <p className="text-sm" id={`${id}-how`}>
        The Hub cannot change a schedule. Saving creates a new schedule with these settings and the same job, then deletes this one ({scheduled.id}). If creating fails, nothing is deleted. The new schedule&apos;s page lists the runs of this one too.
      </p>
      <div className="space-y-1">
        <label htmlFor={`${id}-cron`} className="block text-sm font-medium">
          Cron schedule ({timeZone || "UTC"})
        </label>
        <input id={`${id}-cron`} value={cron} onChange={(e) => setCron(e.target.value)} spellCheck={false} autoComplete="off" className={`${inputClass((fieldErrors.cron ?? []).length > 0)} font-mono`} />
        <FieldErrors errors={fieldErrors.cron ?? []} />
      </div>
      <TimeZoneField cron={cron} timeZone={timeZone} browserZone={browserZone} onChange={setTimeZone} errors={fieldErrors.timeZone ?? []} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={concurrency} onChange={(e) => setConcurrency(e.target.checked)} />
        Allow overlapping runs
      </label>
      {scheduled.spec.secretNames.map((name) => (
        <div key={name} className="space-y-1">
          <label htmlFor={`${id}-secret-${name}`} className="block text-sm font-medium">
            Secret {name} (the Hub never returns secret values: enter it again)
          </label>
          <input id={`${id}-secret-${name}`} type="password" autoComplete="off" value={secrets[name] ?? ""} onChange={(e) => setSecrets({ ...secrets, [name]: e.target.value })} className={inputClass((fieldErrors[`secrets.${name}`] ?? []).length > 0)} />
          <FieldErrors errors={fieldErrors[`secrets.${name}`] ?? []} />
        </div>
      ))}
      {mutation.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {mutation.error.message}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={mutation.isPending} aria-describedby={`${id}-how`}>
          {mutation.isPending ? "Replacing…" : "Save as new schedule"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)} disabled={mutation.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
