import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { authorize } from "@/lib/auth/authorize";
import { ErrorState } from "@/components/ui/error-state";
import { GroupDetail } from "@/components/jobs/group-detail";
import { appPaths } from "@/lib/app-paths";

type Params = { namespace: string; group: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { group } = await params;
  return { title: `Network group ${group} · jobs-studio` };
}

/** `/jobs/{ns}/groups/{group}`: the members of one network group (a replicated launch), with "Cancel all". */
export default async function GroupPage({ params }: { params: Promise<Params> }) {
  const { namespace, group } = await params;
  const auth = await authorize(namespace);
  if (!auth.ok) {
    if (auth.error.code === "unauthenticated") redirect(appPaths.signIn(appPaths.group(namespace, group)));
    return <ErrorState title="No access" message={auth.error.message} />;
  }
  return <GroupDetail namespace={namespace} group={group} />;
}
