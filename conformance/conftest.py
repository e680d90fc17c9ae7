"""Fixtures of the conformance suite: the official `hf` CLI and `HfApi` (huggingface_hub, pinned by
scripts/conformance.sh) pointed at a running local Hub through HF_ENDPOINT / HF_TOKEN.

Fixture contract (other test files rely on it; keep it exactly):
  hf(*args, timeout=120) -> subprocess.CompletedProcess  the venv's `hf` CLI with HF_ENDPOINT/HF_TOKEN
                             set, text output, never raises on a non-zero exit (nor on a timeout:
                             returncode is then -9 and stderr says so)
  api                      an HfApi for that Hub and token
  namespace                the token's user name (str)
Extras: `hub_url` (str), `unique` (a function giving a fresh lowercase name per call), `wait_job`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Callable

import pytest
from huggingface_hub import HfApi

TERMINAL_STAGES = {"COMPLETED", "CANCELED", "ERROR", "DELETED"}


def _hub_env() -> dict[str, str]:
    endpoint = os.environ.get("HF_ENDPOINT")
    token = os.environ.get("HF_TOKEN")
    if not endpoint or not token:
        pytest.exit("HF_ENDPOINT and HF_TOKEN must point at a local Hub: run scripts/conformance.sh", returncode=2)
    return {"HF_ENDPOINT": endpoint, "HF_TOKEN": token}


def _hf_binary() -> str:
    # The `hf` next to this interpreter: the venv scripts/conformance.sh built.
    beside = Path(sys.executable).parent / "hf"
    found = str(beside) if beside.exists() else shutil.which("hf")
    if not found:
        pytest.exit("the `hf` CLI is not installed in this Python environment", returncode=2)
    return found


@pytest.fixture(scope="session")
def hub_url() -> str:
    return _hub_env()["HF_ENDPOINT"]


@pytest.fixture(scope="session")
def hf() -> Callable[..., subprocess.CompletedProcess]:
    binary = _hf_binary()
    env = {**os.environ, **_hub_env(), "NO_COLOR": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1", "TERM": "dumb"}

    def run(*args: str, timeout: float = 120, cwd: str | os.PathLike[str] | None = None, input: str | None = None) -> subprocess.CompletedProcess:
        argv = [binary, *[str(a) for a in args]]
        try:
            return subprocess.run(argv, env=env, cwd=cwd, input=input, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as err:
            out = err.stdout.decode() if isinstance(err.stdout, bytes) else (err.stdout or "")
            errout = err.stderr.decode() if isinstance(err.stderr, bytes) else (err.stderr or "")
            return subprocess.CompletedProcess(argv, -9, out, errout + f"\n[conftest] timed out after {timeout} s")

    return run


@pytest.fixture(scope="session")
def api() -> HfApi:
    env = _hub_env()
    return HfApi(endpoint=env["HF_ENDPOINT"], token=env["HF_TOKEN"])


@pytest.fixture(scope="session")
def namespace(api: HfApi) -> str:
    return api.whoami()["name"]


@pytest.fixture
def unique() -> Callable[[str], str]:
    return lambda prefix: f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def wait_job(api: HfApi, namespace: str) -> Callable[..., object]:
    """Polls `inspect_job` until the job reaches a terminal stage (or one of `stages`)."""

    def wait(job_id: str, stages: set[str] = TERMINAL_STAGES, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while True:
            job = api.inspect_job(job_id=job_id, namespace=namespace)
            if job.status.stage in stages:
                return job
            if time.monotonic() > deadline:
                raise AssertionError(f"job {job_id} still {job.status.stage} after {timeout} s")
            time.sleep(0.2)

    return wait
