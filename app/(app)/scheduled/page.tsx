import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getHubSession } from "@/lib/auth/session";
import { SchedulesList } from "@/components/schedules/schedules-list";
import { currentNamespace } from "../jobs/_lib/current-namespace";

export const metadata: Metadata = { title: "Schedules · jobs-studio" };

/** `/scheduled[?ns=]`: the namespace's scheduled jobs. */
export default async function ScheduledPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await getHubSession();
  if (!session) redirect("/sign-in?callbackUrl=/scheduled");
  const namespace = await currentNamespace({ session, requested: (await searchParams).ns });
  return <SchedulesList key={namespace} namespace={namespace} />;
}
