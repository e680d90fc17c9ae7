"""Small helpers shared by the conformance tests (import as `from helpers import ok, tree`)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    """Asserts a CLI call exited 0, showing its output otherwise; returns it."""
    assert result.returncode == 0, f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` as {posix relative path: bytes}."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def last_json(stdout: str):
    """The JSON document on the last non-empty line of `--json` output (uv commands print a notice first)."""
    import json

    lines = [line for line in stdout.splitlines() if line.strip()]
    assert lines, "no output"
    return json.loads(lines[-1])
