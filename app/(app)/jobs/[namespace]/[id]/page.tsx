import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { authorize } from "@/lib/auth/authorize";
import { ErrorState } from "@/components/ui/error-state";
import { JobDetail } from "@/components/jobs/job-detail";

type Params = { namespace: string; id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `Job ${id} · jobs-studio` };
}

/** `/jobs/{ns}/{id}`: the job page. Access is checked here and again by every route it reads. */
export default async function JobPage({ params }: { params: Promise<Params> }) {
  const { namespace, id } = await params;
  const auth = await authorize(namespace);
  if (!auth.ok) {
    if (auth.error.code === "unauthenticated") redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/jobs/${namespace}/${id}`)}`);
    return <ErrorState title="No access" message={auth.error.message} />;
  }
  return <JobDetail namespace={namespace} jobId={id} />;
}
