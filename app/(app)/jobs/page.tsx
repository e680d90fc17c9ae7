import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getHubSession } from "@/lib/auth/session";
import { JobsDashboard } from "@/components/jobs/jobs-dashboard";
import { currentNamespace } from "./_lib/current-namespace";
import { appPaths } from "@/lib/app-paths";

export const metadata: Metadata = { title: "Jobs · jobs-studio" };

/** `/jobs[?ns=]`: the dashboard of one namespace (the user's own by default). */
export default async function JobsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await getHubSession();
  if (!session) redirect(appPaths.signIn(appPaths.jobs()));
  const namespace = await currentNamespace({ session, requested: (await searchParams).ns });
  // keyed so that switching namespace resets filters and pages
  return <JobsDashboard key={namespace} namespace={namespace} />;
}
