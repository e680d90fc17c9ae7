import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { authorize } from "@/lib/auth/authorize";
import { ErrorState } from "@/components/ui/error-state";
import { ScheduleDetail } from "@/components/scheduled-jobs/schedule-detail";
import { appPaths } from "@/lib/app-paths";

type Params = { namespace: string; id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `Schedule ${id} · jobs-studio` };
}

/** `/scheduled-jobs/{ns}/{id}`: one scheduled job. */
export default async function ScheduledJobPage({ params }: { params: Promise<Params> }) {
  const { namespace, id } = await params;
  const auth = await authorize(namespace);
  if (!auth.ok) {
    if (auth.error.code === "unauthenticated") redirect(appPaths.signIn(appPaths.scheduledJob(namespace, id)));
    return <ErrorState title="No access" message={auth.error.message} />;
  }
  return <ScheduleDetail namespace={namespace} id={id} />;
}
