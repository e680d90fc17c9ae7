"use client";

import { preloadJobView, useOpenJob } from "@/components/jobs/job-handoff";
import { useRouter } from "next/navigation";
import { useEffect, useReducer, useRef, useState, type Dispatch, type FormEvent, type RefObject } from "react";
import type { HardwareRead } from "@/lib/jobs/hardware-views";
import type { ParsePep723Result } from "@/lib/jobs/pep723";
import type { SecretFinding } from "@/lib/jobs/secret-lint";
import { composerReducer, initialComposerState, type ComposerAction, type ComposerState } from "./composer-state";
import { deriveComposer, entryScriptFile, scriptHeaderKey, type ComposerView } from "./derive-composer";
import { loadSpecEngine, type SpecEngine } from "./load-spec-engine";
import type { LaunchSession } from "./run-launch";

/** What the composer's sections read and call. */
export interface ComposerModel {
  state: ComposerState;
  dispatch: Dispatch<ComposerAction>;
  view: ComposerView;
  /** the spec engine has loaded: the preview and the hardware list can be shown */
  engineReady: boolean;
  /** the hardware list's fetch, for the flavor picker's loading and error states */
  hardwareStatus: { pending: boolean; error: string | null; retry: () => void };
  onSubmit: (e: FormEvent) => Promise<void>;
  /** moves a token-looking value into Secrets (field case B28) */
  moveFinding: (finding: SecretFinding) => void;
  cancel: () => void;
  rerunJobId: string | undefined;
}

/**
 * The composer's state hook (issue 12, item 3): a reducer over the form (./composer-state.ts), the view
 * derived from it (./derive-composer.ts), the lazily loaded spec engine and PEP 723 parser, the "Edit
 * and re-run" prefill, and the launch (one launch key kept across retries until the launch ends for
 * sure; a lost answer is asked again with that key, never launched twice).
 */
export function useComposer({
  namespaces,
  defaultNamespace,
  rerunFrom,
  hardware,
}: {
  namespaces: readonly string[];
  defaultNamespace: string;
  rerunFrom: { namespace: string; jobId: string } | null;
  /** the hardware list, read by the server page while it streams (lib/jobs/hardware-views.ts) */
  hardware: Promise<HardwareRead>;
}): { model: ComposerModel; formRef: RefObject<HTMLFormElement | null> } {
  const router = useRouter();
  const openJob = useOpenJob();
  const [state, dispatch] = useReducer(composerReducer, { rerun: rerunFrom !== null }, initialComposerState);
  const formRef = useRef<HTMLFormElement | null>(null);
  /** the attempt in flight, the launch key kept across retries, whether the job may exist (./run-launch.ts) */
  const session = useRef<LaunchSession>({ abort: null, launchKey: null, uncertain: false });

  const rerunNs = rerunFrom?.namespace;
  const rerunId = rerunFrom?.jobId;
  useEffect(() => {
    if (!rerunNs || !rerunId) return;
    const controller = new AbortController();
    // The loader is its own chunk: only a re-run page needs it.
    import("./rerun-load")
      .then(async (m) => ({ prefill: await m.loadRerun({ namespace: rerunNs, jobId: rerunId, signal: controller.signal }), apply: m.applyRerun }))
      .then(({ prefill, apply }) => dispatch({ type: "rerunLoaded", prefill, namespace: rerunNs, apply }))
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        dispatch({ type: "rerunFailed", message: err instanceof Error ? err.message : String(err) });
      });
    return () => controller.abort();
  }, [rerunNs, rerunId]);

  const engine = useSpecEngine();
  const parsePep723 = usePep723(state);
  useScriptHeader(state, dispatch);
  const hardwareRead = useHardware(hardware);
  const hardwareData = hardwareRead?.ok ? hardwareRead.hardware : undefined;
  const view = deriveComposer({ state, namespaces, defaultNamespace, engine, parsePep723, hardwareData });
  // The launch code (XHR upload with progress, the cache update) is its own chunk: fetched once a file
  // is dropped, or on Run at the latest.
  const hasFiles = state.files.length > 0;
  useEffect(() => {
    if (hasFiles) void loadLaunch().catch(() => undefined);
  }, [hasFiles]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    dispatch({ type: "submitted" });
    const launchCode = loadLaunch();
    // Before the engine has loaded the form cannot be checked: wait for it, then judge the same input.
    const checked = engine ? view : deriveComposer({ state, namespaces, defaultNamespace, engine: await loadSpecEngine(), parsePep723, hardwareData });
    const { input } = checked;
    // (no input means no engine, which blocks the launch already)
    if (checked.blocked || input === null || (state.jobKind !== "command" && !checked.script)) {
      // Let React paint the errors, then move focus to the first one.
      requestAnimationFrame(() =>
        (formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? formRef.current?.querySelector<HTMLElement>('[data-testid="dropzone"]'))?.focus(),
      );
      return;
    }
    let launch: Awaited<typeof launchCode>;
    try {
      launch = await launchCode;
    } catch {
      dispatch({ type: "launchFailed", error: { code: "hub_unavailable", message: "The launch code could not be loaded (network error): nothing was launched. Check the connection and launch again." } });
      return;
    }
    // The job view's code loads while the files go up, so the job shows the moment the launch answers.
    if (state.mode === "now") preloadJobView();
    await launch.runLaunch({ input, state, session: session.current, dispatch, openJob, push: (url) => router.push(url) });
  };

  const model: ComposerModel = {
    state,
    dispatch,
    view,
    engineReady: engine !== null,
    hardwareStatus: {
      pending: hardwareRead === null || (hardwareData !== undefined && engine === null),
      error: hardwareRead?.ok === false ? hardwareRead.message : hardwareData && engine && !view.hardware ? "The hardware list has an unexpected shape." : null,
      // The server page reads the list again (router.refresh keeps the form's state).
      retry: () => router.refresh(),
    },
    onSubmit,
    // a finding exists only once the engine (which finds them) has loaded
    moveFinding: (finding) => {
      if (engine) dispatch({ type: "findingMoved", finding, apply: engine.moveFinding });
    },
    cancel: () => session.current.abort?.abort(),
    rerunJobId: rerunId,
  };
  return { model, formRef };
}

/** The launch code: the attempts, the upload (./run-launch.ts, with send-launch.ts and react-query's client, whose cache the launch seeds for the job page). */
type LaunchCode = typeof import("./run-launch");
let launchModule: Promise<LaunchCode> | null = null;
/** Loads {@link LaunchCode} on demand; a failed load is tried again next time. */
function loadLaunch(): Promise<LaunchCode> {
  // The progress panel (./launch-panel.tsx) comes with it: it shows as soon as the upload starts.
  launchModule ??= Promise.all([import("./run-launch"), import("./progress-panel")])
    .then(([launch]) => launch)
    .catch((err: unknown) => {
      launchModule = null;
      throw err;
    });
  return launchModule;
}

/**
 * The hardware list the server page is reading (null until it has arrived). A promise that rejects
 * (a bug on the server: Hub failures arrive as `{ ok: false }`) reads as a failure with a retry.
 */
function useHardware(hardware: Promise<HardwareRead>): HardwareRead | null {
  const [read, setRead] = useState<{ of: Promise<HardwareRead>; value: HardwareRead } | null>(null);
  useEffect(() => {
    let live = true;
    hardware.then(
      (value) => live && setRead({ of: hardware, value }),
      () => live && setRead({ of: hardware, value: { ok: false, message: "The server could not read the hardware list." } }),
    );
    return () => {
      live = false;
    };
  }, [hardware]);
  // A retry (a new promise from the refreshed page) shows the spinner again until it settles.
  return read && read.of === hardware ? read.value : null;
}

/** The spec engine, fetched right after the page has loaded (null until then). */
function useSpecEngine(): SpecEngine | null {
  const [engine, setEngine] = useState<SpecEngine | null>(null);
  useEffect(() => {
    let live = true;
    loadSpecEngine().then(
      (m) => live && setEngine(m),
      // A failed chunk load leaves the preview waiting; a launch attempt loads it again.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return engine;
}

/** The PEP 723 parser (and its TOML library), loaded only once a script with text is dropped. */
function usePep723(state: ComposerState): ((text: string) => ParsePep723Result) | null {
  const [pep723, setPep723] = useState<{ parsePep723: (text: string) => ParsePep723Result } | null>(null);
  const needsPep723 = entryScriptFile(state)?.text != null;
  useEffect(() => {
    if (!needsPep723 || pep723) return;
    let live = true;
    void import("@/lib/jobs/pep723").then((m) => live && setPep723({ parsePep723: m.parsePep723 }));
    return () => {
      live = false;
    };
  }, [needsPep723, pep723]);
  return pep723?.parsePep723 ?? null;
}

/**
 * Reads the entry script's `[tool.hf-jobs]` table once per script (uv mode) and hands it to the reducer,
 * which prefills the form with it (./script-header.ts). The reader loads on demand.
 */
function useScriptHeader(state: ComposerState, dispatch: (action: ComposerAction) => void): void {
  const file = state.jobKind === "uv" ? entryScriptFile(state) : undefined;
  const text = file?.text ?? null;
  const key = file && text !== null ? scriptHeaderKey(file) : null;
  const done = state.scriptHeader?.key === key;
  useEffect(() => {
    if (key === null || text === null || done) return;
    let live = true;
    void Promise.all([import("@/lib/jobs/hf-jobs-header"), import("./script-header")]).then(
      ([reader, header]) => live && dispatch({ type: "scriptHeaderRead", key, result: reader.parseHfJobsHeader(text), apply: header.applyScriptHeader }),
    );
    return () => {
      live = false;
    };
  }, [key, text, done, dispatch]);
}
