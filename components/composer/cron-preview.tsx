import { checkCron } from "@/lib/jobs/cron";

/**
 * What a schedule means: a description in words and its next runs, each in UTC and in the
 * viewer's time zone, or the precise reason it is refused (field case B30), including a schedule
 * that never runs. Presentational: the caller passes `now` and `timeZone` (the browser's, read after
 * hydration), so the same props always render the same markup.
 */
export function CronPreview({
  schedule,
  now,
  timeZone,
  count = 5,
  errorId,
}: {
  schedule: string;
  now: Date;
  /** IANA zone, e.g. `Europe/Paris`; null before the browser's is known (the local column is then left out) */
  timeZone: string | null;
  count?: number;
  /** id of the error element, for the input's `aria-describedby` */
  errorId?: string;
}) {
  const result = checkCron({ schedule, from: now, count });
  if (!result.ok) {
    return (
      <p id={errorId} role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid="cron-error">
        {result.message}
      </p>
    );
  }
  const showLocal = timeZone !== null && timeZone !== "UTC" && timeZone !== "Etc/UTC";
  return (
    <div className="space-y-2" data-testid="cron-preview">
      <p className="text-sm font-medium" data-testid="cron-description">
        {result.description}
      </p>
      <table className="w-full text-left text-xs tabular-nums">
        <caption className="sr-only">Next {result.nextRuns.length} runs</caption>
        <thead className="text-neutral-500 dark:text-neutral-400">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              #
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              UTC
            </th>
            {showLocal && (
              <th scope="col" className="py-1 font-medium">
                Your time ({timeZone})
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {result.nextRuns.map((run, i) => (
            <tr key={run.toISOString()} className="border-t border-neutral-100 dark:border-neutral-800">
              <td className="py-1 pr-3 text-neutral-500">{i + 1}</td>
              <td className="py-1 pr-3 font-mono">
                <time dateTime={run.toISOString()}>{formatInZone(run, "UTC")}</time>
              </td>
              {showLocal && <td className="py-1 font-mono">{formatInZone(run, timeZone)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * `Mon 2026-11-30 09:00` in `timeZone`, independent of the browser's locale so that the UTC and
 * local columns line up and read the same everywhere.
 */
export function formatInZone(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("weekday")} ${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}
