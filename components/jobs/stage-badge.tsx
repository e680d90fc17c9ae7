import { Badge } from "@/components/ui/badge";
import { isActive, stageTone } from "@/lib/jobs/stage";

/** A job's stage, verbatim (unknown stages too, in a neutral colour: field case B32). */
export function StageBadge({ stage }: { stage: string }) {
  return (
    <Badge tone={stageTone(stage)}>
      {isActive(stage) && <span aria-hidden="true" className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" />}
      <span data-testid="stage">{stage}</span>
    </Badge>
  );
}
