import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { authorize } from "@/lib/auth/authorize";
import { MAX_COMPARED } from "@/lib/jobs/compare-runs";
import { HUB_ID_PATTERN } from "@/lib/jobs/constants";
import { ErrorState } from "@/components/ui/error-state";
import { CompareRuns } from "@/components/jobs/compare-runs";
import { appPaths } from "@/lib/app-paths";

export const metadata: Metadata = { title: "Compare runs · jobs-studio" };

/**
 * `/jobs/{ns}/compare?ids=a,b[,…]`: runs side by side (components/jobs/compare-runs.tsx), the first
 * being the base. Ids are checked against the Hub id pattern; at most {@link MAX_COMPARED} runs.
 */
export default async function ComparePage({ params, searchParams }: { params: Promise<{ namespace: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { namespace } = await params;
  const raw = (await searchParams).ids;
  const ids = [...new Set((Array.isArray(raw) ? raw.join(",") : (raw ?? "")).split(",").map((s) => s.trim()).filter(Boolean))];
  const auth = await authorize(namespace);
  if (!auth.ok) {
    if (auth.error.code === "unauthenticated") redirect(appPaths.signIn(appPaths.compare(namespace, ids)));
    return <ErrorState title="No access" message={auth.error.message} />;
  }
  const bad = ids.find((id) => !HUB_ID_PATTERN.test(id));
  if (ids.length === 0 || bad !== undefined) return <ErrorState title="Nothing to compare" message={bad !== undefined ? `ids: "${bad.slice(0, 40)}" is not a job id.` : "ids: give one or more job ids, e.g. ?ids=a,b."} />;
  if (ids.length > MAX_COMPARED) return <ErrorState title="Too many runs" message={`ids: compare at most ${MAX_COMPARED} runs at once.`} />;
  return <CompareRuns namespace={namespace} ids={ids} />;
}
