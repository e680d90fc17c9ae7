"use client";

import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { mergeErrors, PREVIEW_FOLDER } from "./derive-composer";
import { HfCommandTools } from "./hf-command-tools";
import { SpecPreview } from "./spec-preview";
import type { ComposerModel } from "./use-composer";

/** The composer's spec preview card (shown once the spec engine has loaded, a moment after the page). */
export function PreviewSection({ model }: { model: ComposerModel }) {
  const { state, view } = model;
  const { result, selectedHardware, sessionSecret } = view;
  return (
    <Card title="Job spec preview">
      {result ? (
        <SpecPreview
          // The preview counts the re-run secrets still to enter among the problems to fix.
          result={{ ...result, fieldErrors: mergeErrors(result.fieldErrors, view.rowErrors) }}
          envNames={Object.keys(view.env)}
          secretNames={[...Object.keys(view.typedSecrets), ...(sessionSecret ? [sessionSecret.key] : [])]}
          image={state.image}
          flavorLabel={selectedHardware ? `${selectedHardware.prettyName ?? state.flavor} (${state.flavor})` : state.flavor}
          pricePerHourUSD={view.hourly}
          folderPlaceholder={PREVIEW_FOLDER}
        />
      ) : (
        <Spinner label="Preparing the preview" />
      )}
      <div className="mt-4">
        <HfCommandTools model={model} />
      </div>
    </Card>
  );
}
