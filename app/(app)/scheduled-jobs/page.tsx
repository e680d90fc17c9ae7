import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getHubSession } from "@/lib/auth/session";
import { SchedulesList } from "@/components/scheduled-jobs/schedules-list";
import { currentNamespace } from "../jobs/_lib/current-namespace";
import { appPaths } from "@/lib/app-paths";

export const metadata: Metadata = { title: "Schedules · jobs-studio" };

/** `/scheduled-jobs[?ns=]`: the namespace's scheduled jobs. */
export default async function ScheduledPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await getHubSession();
  if (!session) redirect(appPaths.signIn(appPaths.scheduledJobs()));
  const namespace = await currentNamespace({ session, requested: (await searchParams).ns });
  return <SchedulesList key={namespace} namespace={namespace} />;
}
