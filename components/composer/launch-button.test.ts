import { describe, expect, it } from "vitest";
import { initialComposerState } from "./composer-state";
import { launchButton } from "./launch-button";

describe("launchButton", () => {
  it("cannot be pressed while an Edit and re-run is loading, and says why; can once it has loaded or failed", () => {
    const loading = initialComposerState({ rerun: true });
    expect(launchButton({ busy: false, mode: "now", rerun: loading.rerun })).toEqual({ label: "Loading the job to re-run…", disabled: true });
    expect(launchButton({ busy: false, mode: "now", rerun: { state: "error", message: "gone" } })).toEqual({ label: "Run now", disabled: false });
    expect(launchButton({ busy: false, mode: "now", rerun: null })).toEqual({ label: "Run now", disabled: false });
  });

  it("says what a launch under way does, by mode", () => {
    expect(launchButton({ busy: true, mode: "now", rerun: null })).toEqual({ label: "Launching…", disabled: true });
    expect(launchButton({ busy: true, mode: "schedule", rerun: null })).toEqual({ label: "Scheduling…", disabled: true });
    expect(launchButton({ busy: false, mode: "schedule", rerun: null })).toEqual({ label: "Create schedule", disabled: false });
  });
});
