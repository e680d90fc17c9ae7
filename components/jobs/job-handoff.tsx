"use client";

import { usePathname, useRouter } from "next/navigation";
import { createContext, use, useCallback, useState, useTransition, type ComponentType, type ReactNode } from "react";
import { appPaths } from "@/lib/app-paths";

/**
 * The job view (with react-query's provider, which the composer's page has not), loaded on demand:
 * only a launch needs it outside the job page (see {@link preloadJobView}).
 * Not `next/dynamic`: a lazy component suspends on its first render even when its code is there, and
 * React may hold the revealed content back (its fallback throttle) for longer than the route takes.
 * The module is awaited before the view is shown instead, so it renders in the same frame.
 */
const loadJobDetail = () => import("./job-detail-in-place");
type JobDetailComponent = ComponentType<{ namespace: string; jobId: string; recovered?: boolean }>;

/** Starts loading the job view's code, so that it is there when the launch answers (call it when a launch starts). */
export function preloadJobView(): void {
  void loadJobDetail();
}

/** A created job to open: namespace, id, and whether its launch answer was lost and found again by launch key. */
export interface OpenedJob {
  namespace: string;
  jobId: string;
  recovered?: boolean;
}

const OpenJobContext = createContext<((job: OpenedJob) => void) | null>(null);

/**
 * Opens a job's page at once (issue 15, item 4): the job view renders from the react-query cache (the
 * launch answer seeded it, components/api/launch/send-launch.ts `rememberLaunch`) while the route's
 * server payload loads. Outside a {@link JobHandoff} it is a plain `router.push`.
 */
export function useOpenJob(): (job: OpenedJob) => void {
  const open = use(OpenJobContext);
  const router = useRouter();
  return open ?? ((job) => router.push(appPaths.job(job.namespace, job.jobId, { recovered: job.recovered })));
}

/**
 * Wraps the pages of the signed-in app so a launch can show the created job's page without waiting for
 * another round trip. A client navigation to a dynamic route the router has not seen keeps the old
 * page until the route's RSC payload has arrived (Next's App Router; the job page is dynamic: it checks
 * the session). So {@link useOpenJob}:
 *  1. puts the job page's URL in the address bar at once (`history.pushState`, which Next's router
 *     follows: `usePathname` and the history entry are the job's, so reload and back already work);
 *  2. renders the same job view (components/jobs/job-detail.tsx) in place of the page, from the cache;
 *  3. replaces the page with the real job route in a transition; while it is pending the in-place view
 *     stays, and the moment the route commits it takes over (same component, same cached data).
 * Back meanwhile is queued by the router behind the pending navigation, which ends the in-place view.
 */
export function JobHandoff({ children }: { children: ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [opened, setOpened] = useState<(OpenedJob & { JobDetail: JobDetailComponent; from: string; to: string }) | null>(null);
  const open = useCallback(
    (job: OpenedJob) => {
      const url = appPaths.job(job.namespace, job.jobId, { recovered: job.recovered });
      const go = (JobDetail: JobDetailComponent | null) => {
        if (JobDetail) setOpened({ ...job, JobDetail, from: pathname, to: new URL(url, window.location.href).pathname });
        window.history.pushState(null, "", url);
        startTransition(() => router.replace(url));
      };
      // Preloaded while the files went up, so this is one microtask; if the code cannot load, the
      // route still opens the job (without the in-place view).
      loadJobDetail().then(
        (m) => go(m.JobDetailInPlace),
        () => go(null),
      );
    },
    [router, pathname],
  );
  // While the navigation is pending, as long as the router shows the page the launch started from or
  // the job's (the URL change above and the navigation may commit apart). Another navigation that
  // overtakes this one (a link clicked meanwhile) ends the view when it commits, even if the router
  // never settles the overtaken transition.
  const inPlace = opened !== null && pending && (pathname === opened.from || pathname === opened.to);
  return (
    <OpenJobContext value={open}>
      {inPlace && <opened.JobDetail namespace={opened.namespace} jobId={opened.jobId} recovered={opened.recovered} />}
      {/* Always rendered (hidden meanwhile), so the page underneath keeps its state and mounts once. */}
      <div className={inPlace ? "hidden" : "contents"}>{children}</div>
    </OpenJobContext>
  );
}
