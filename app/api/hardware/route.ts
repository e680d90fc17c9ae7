import "server-only";
import { authorize } from "@/lib/auth/authorize";
import { hardwareViews } from "@/lib/jobs/hardware-views";
import { authError, routeError } from "../jobs/_lib/route-error";

/**
 * GET /api/hardware → `{ hardware: HardwareView[] }`: the Hub's flavor catalogue with prices per
 * `unitLabel` (specs/hub-jobs-api.md §7.9). Signed-in only (the app's pages are). Read through lib/hub's
 * hardware cache (one Hub call per hour, shared with the launch's flavor check); browsers keep it 10 min.
 */
export async function GET(): Promise<Response> {
  const auth = await authorize();
  if (!auth.ok) return authError(auth);
  const { hubUrl, accessToken } = auth.data;
  try {
    const hardware = await hardwareViews({ hubUrl, accessToken });
    return Response.json({ hardware }, { headers: { "cache-control": "private, max-age=600" } });
  } catch (err) {
    return routeError(err);
  }
}
