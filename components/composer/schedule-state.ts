/** The schedule part of the composer's state (the Hub's scheduled-job fields, specs/hub-jobs-api.md §8.1). */
export interface ScheduleState {
  cron: string;
  suspend: boolean;
  concurrency: boolean;
  /** IANA zone the cron is written in; absent or `UTC` = the cron is UTC (issue 13) */
  timeZone?: string;
  /** each run gets its own /data/runs/<JOB_ID>/ (a launcher in the job folder); on by default in the composer */
  perRunOutputs?: boolean;
}
