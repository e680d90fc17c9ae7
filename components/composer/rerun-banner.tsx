import { Spinner } from "@/components/ui/spinner";
import type { RerunBanner as RerunBannerState } from "./composer-state";

/** "Edit and re-run": loading the source job, what was reused from it, or why it could not be read. */
export function RerunBanner({ rerun, jobId }: { rerun: RerunBannerState; jobId: string | undefined }) {
  return (
    <div
      role={rerun.state === "error" ? "alert" : "status"}
      data-testid="rerun-banner"
      className={`rounded-md border px-3 py-2 text-sm ${
        rerun.state === "error"
          ? "border-red-200 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
          : "border-neutral-200 bg-neutral-50 dark:border-neutral-800 dark:bg-neutral-900"
      }`}
    >
      {rerun.state === "loading" && <Spinner label={`Loading job ${jobId ?? ""} to edit and re-run`} />}
      {rerun.state === "error" && <p>Could not load the job to re-run: {rerun.message} The form is empty; drop the files again.</p>}
      {rerun.state === "done" && (
        <>
          <p className="font-medium">Editing a copy of {rerun.title}</p>
          <ul className="mt-0.5 list-disc pl-5 text-xs text-neutral-600 dark:text-neutral-400">
            {rerun.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
