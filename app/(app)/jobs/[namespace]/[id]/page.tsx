import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { authorize } from "@/lib/auth/authorize";
import { ErrorState } from "@/components/ui/error-state";
import { JobDetail } from "@/components/jobs/job-detail";
import { RecoveredNotice } from "@/components/jobs/recovered-notice";
import { appPaths } from "@/lib/app-paths";

type Params = { namespace: string; id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `Job ${id} · jobs-studio` };
}

/**
 * `/jobs/{ns}/{id}`: the job page. Access is checked here and again by every route it reads.
 * `?recovered=1` (set by the composer): the launch's answer was lost and the job was found by its
 * launch key — the page says so, so the user knows it ran once.
 */
export default async function JobPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { namespace, id } = await params;
  const recovered = (await searchParams).recovered === "1";
  const auth = await authorize(namespace);
  if (!auth.ok) {
    if (auth.error.code === "unauthenticated") redirect(appPaths.signIn(appPaths.job(namespace, id)));
    return <ErrorState title="No access" message={auth.error.message} />;
  }
  return (
    <>
      {recovered && <RecoveredNotice />}
      <JobDetail namespace={namespace} jobId={id} />
    </>
  );
}
