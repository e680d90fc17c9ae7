"use client";

import { AccessSection } from "./access-section";
import { CommandSection } from "./command-section";
import { EnvSection } from "./env-section";
import { HardwareSection } from "./hardware-section";
import { NameSection } from "./name-section";
import { PreviewSection } from "./preview-section";
import { VolumesSection } from "./volumes-section";
import { WhenSection } from "./when-section";
import type { ComposerModel } from "./use-composer";

/*
 * The composer's cards after "Files", in one chunk that ./composer.tsx loads with `next/dynamic`
 * (server-rendered, hydrated when the chunk has arrived; issue 15, item 5): one loader for the
 * cards instead of one per card.
 */

/** The form's cards below "Files": command, hardware, env, volumes, access, name. */
export function FormCards({ model, namespaces }: { model: ComposerModel; namespaces: readonly string[] }) {
  return (
    <>
      <CommandSection model={model} />
      <HardwareSection model={model} />
      <EnvSection model={model} />
      {/* issue 13 items 3–4 */}
      <VolumesSection model={model} />
      <AccessSection model={model} />
      <NameSection model={model} namespaces={namespaces} />
    </>
  );
}

/** The launch column's cards above the button: when (now or a schedule) and the spec preview. */
export function LaunchCards({ model }: { model: ComposerModel }) {
  return (
    <>
      <WhenSection model={model} />
      <PreviewSection model={model} />
    </>
  );
}
