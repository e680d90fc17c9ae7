import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The official Python client 2.0.0 in `.tmp/hf-venv-2x`, the venv scripts/conformance.sh builds (same
 * pins, same stamp file, so either one reuses what the other built). Built here when missing, with
 * pip under the machine's own configuration (pip.conf / PIP_INDEX_URL / PIP_FIND_LINKS), exactly as
 * conformance.sh's `ensure_venv` does. Test files run in parallel, so the build holds a lock folder
 * (`.tmp/hf-venv-2x.lock`, taken with an atomic mkdir; a lock older than 10 min is stale).
 * Throws with pip's output when it cannot be built.
 * @returns absolute paths of the venv's `python` and `hf`
 */
export function ensureHfVenv2x(): { python: string; hf: string } {
  const root = join(import.meta.dirname, "..");
  const venv = join(root, ".tmp", "hf-venv-2x");
  // Keep in step with HF_HUB_2X_PIN and PYTEST_PIN in scripts/conformance.sh.
  const pin = "huggingface_hub[hf_xet]==2.0.0";
  const pytestPin = "pytest>=8,<10";
  const stamp = `${pin} ${pytestPin}`;
  const python = join(venv, "bin", "python");
  const hf = join(venv, "bin", "hf");
  const stampFile = join(venv, ".conformance-stamp");
  const usable = (): boolean => {
    try {
      execFileSync(python, ["-c", "import huggingface_hub, pytest"], { stdio: "ignore" });
      return existsSync(hf);
    } catch {
      return false;
    }
  };
  const ready = () => existsSync(stampFile) && readFileSync(stampFile, "utf8").trim() === stamp && usable();
  if (ready()) return { python, hf };

  const lock = `${venv}.lock`;
  mkdirSync(join(root, ".tmp"), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const st = statSync(lock, { throwIfNoEntry: false });
      if (st && Date.now() - st.mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (!ready()) {
      rmSync(venv, { recursive: true, force: true });
      execFileSync("python3", ["-m", "venv", venv], { stdio: "pipe" });
      execFileSync(join(venv, "bin", "pip"), ["install", "--quiet", "--disable-pip-version-check", pin, pytestPin], {
        stdio: "pipe",
        env: { ...process.env, PIP_RETRIES: process.env["PIP_RETRIES"] ?? "1" },
      });
      writeFileSync(stampFile, `${stamp}\n`);
      if (!usable()) throw new Error(`${venv}: huggingface_hub 2.0.0 installed but not importable`);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return { python, hf };
}
