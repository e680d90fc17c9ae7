"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { hardwareOptions } from "@/components/api/hardware/list-hardware";
import { rememberLaunch, sendLaunch } from "@/components/api/launch/send-launch";
import { preloadJobView, useOpenJob } from "@/components/jobs/job-handoff";
import { useRouter } from "next/navigation";
import { useEffect, useReducer, useRef, useState, type Dispatch, type FormEvent, type RefObject } from "react";
import { appPaths } from "@/lib/app-paths";
import type { ParsePep723Result } from "@/lib/jobs/pep723";
import type { SecretFinding } from "@/lib/jobs/secret-lint";
import { composerReducer, initialComposerState, type ComposerAction, type ComposerState } from "./composer-state";
import { deriveComposer, entryScriptFile, scriptHeaderKey, type ComposerView } from "./derive-composer";
import { loadSpecEngine, type SpecEngine } from "./load-spec-engine";
import { loadRerun } from "./rerun";

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
}: {
  namespaces: readonly string[];
  defaultNamespace: string;
  rerunFrom: { namespace: string; jobId: string } | null;
}): { model: ComposerModel; formRef: RefObject<HTMLFormElement | null> } {
  const router = useRouter();
  const openJob = useOpenJob();
  const queryClient = useQueryClient();
  const [state, dispatch] = useReducer(composerReducer, { rerun: rerunFrom !== null }, initialComposerState);
  const formRef = useRef<HTMLFormElement | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  /** this launch's idempotency key: kept across retries until a launch ends for sure (lib/jobs/schema.ts) */
  const launchKeyRef = useRef<string | null>(null);
  /** the last attempt may have started the job: the next one looks it up first (`resume`) */
  const uncertainRef = useRef(false);

  const rerunNs = rerunFrom?.namespace;
  const rerunId = rerunFrom?.jobId;
  useEffect(() => {
    if (!rerunNs || !rerunId) return;
    const controller = new AbortController();
    loadRerun({ namespace: rerunNs, jobId: rerunId, signal: controller.signal })
      .then((prefill) => dispatch({ type: "rerunLoaded", prefill, namespace: rerunNs }))
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        dispatch({ type: "rerunFailed", message: err instanceof Error ? err.message : String(err) });
      });
    return () => controller.abort();
  }, [rerunNs, rerunId]);

  const engine = useSpecEngine();
  const parsePep723 = usePep723(state);
  useScriptHeader(state, dispatch);
  const hardwareQuery = useQuery(hardwareOptions());
  const view = deriveComposer({ state, namespaces, defaultNamespace, engine, parsePep723, hardwareData: hardwareQuery.data });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    dispatch({ type: "submitted" });
    // Before the engine has loaded the form cannot be checked: wait for it, then judge the same input.
    const checked = engine ? view : deriveComposer({ state, namespaces, defaultNamespace, engine: await loadSpecEngine(), parsePep723, hardwareData: hardwareQuery.data });
    if (checked.blocked || (state.jobKind !== "command" && !checked.script)) {
      // Let React paint the errors, then move focus to the first one.
      requestAnimationFrame(() =>
        (formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? formRef.current?.querySelector<HTMLElement>('[data-testid="dropzone"]'))?.focus(),
      );
      return;
    }
    abortRef.current = new AbortController();
    // The job view's code loads while the files go up, so the job shows the moment the launch answers.
    if (state.mode === "now") preloadJobView();
    launchKeyRef.current ??= newLaunchKey();
    const attempt = (folder: string | null) =>
      sendLaunch({
        signal: abortRef.current?.signal,
        input: { ...checked.input, launchKey: launchKeyRef.current ?? undefined, resume: uncertainRef.current, ...(folder ? { reuseFolder: folder } : {}) },
        files: state.files,
        onProgress: (progress) => dispatch({ type: "progress", progress }),
      });
    let outcome = await attempt(state.retryFolder);
    if (!outcome.ok && outcome.error.mayHaveStarted) {
      // The answer was lost after the files were sent: the job may exist. Ask again with the same key;
      // the server looks the job up by it before creating anything (one launch is one job).
      uncertainRef.current = true;
      dispatch({ type: "checking", checking: true });
      await new Promise((r) => setTimeout(r, 1500));
      outcome = await attempt(outcome.error.folder ?? state.retryFolder);
      dispatch({ type: "checking", checking: false });
    }
    if (!outcome.ok) {
      dispatch({ type: "launchFailed", error: outcome.error });
      if (!outcome.error.mayHaveStarted) {
        // A clear "no": the next launch is a new one.
        uncertainRef.current = false;
        launchKeyRef.current = null;
      }
      return;
    }
    uncertainRef.current = false;
    launchKeyRef.current = null;
    dispatch({ type: "launchSucceeded" });
    const { namespace: ns, jobId, scheduledJobId, recovered, group } = outcome.data;
    // The launch answer carries the created job: the job page renders it at once instead of fetching it.
    rememberLaunch(queryClient, outcome.data);
    // A replicated launch opens its group page (every member, "Cancel all").
    if (group) return router.push(appPaths.group(ns, group.name));
    // A job shows at once, from that answer, while its route loads (components/jobs/job-handoff.tsx).
    if (jobId && outcome.data.job) return openJob({ namespace: ns, jobId, recovered });
    router.push(jobId ? appPaths.job(ns, jobId, { recovered }) : appPaths.scheduledJob(ns, scheduledJobId ?? ""));
  };

  const model: ComposerModel = {
    state,
    dispatch,
    view,
    engineReady: engine !== null,
    hardwareStatus: {
      pending: hardwareQuery.isPending || (hardwareQuery.data !== undefined && engine === null),
      error: hardwareQuery.isError ? hardwareQuery.error.message : hardwareQuery.data && engine && !view.hardware ? "The hardware list has an unexpected shape." : null,
      retry: () => void hardwareQuery.refetch(),
    },
    onSubmit,
    moveFinding: (finding) => dispatch({ type: "findingMoved", finding }),
    cancel: () => abortRef.current?.abort(),
    rerunJobId: rerunId,
  };
  return { model, formRef };
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

/** 128 random bits as hex: one launch's idempotency key (LAUNCH_KEY_PATTERN in lib/jobs/schema.ts). */
function newLaunchKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
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
    void import("@/lib/jobs/hf-jobs-header").then((m) => live && dispatch({ type: "scriptHeaderRead", key, result: m.parseHfJobsHeader(text) }));
    return () => {
      live = false;
    };
  }, [key, text, done, dispatch]);
}
