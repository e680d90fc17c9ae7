"""`hf jobs uv run` with dependencies against the local Hub (issue 10, item 1): `--with` packages and a
script's PEP 723 `dependencies` are installed (the local Hub builds a pip environment when the machine
has no uv), and the job's logs show the imports working. Uses small pure-Python packages the local
package index serves (six, termcolor)."""

from __future__ import annotations

import re
import time


def _output(proc) -> str:
    return proc.stdout + proc.stderr


def test_uv_run_with_installs_the_package(hf):
    proc = hf("jobs", "uv", "run", "--with", "six", "python", "-c", "import six; print('six says', six.__version__)", timeout=300)
    out = _output(proc)
    assert proc.returncode == 0, out
    assert re.search(r"^six says 1\.\d+\.\d+$", out, re.M), out


def test_uv_run_pep723_script_dependencies_are_installed(hf, tmp_path):
    script = tmp_path / f"deps_{int(time.time() * 1000)}.py"
    script.write_text(
        "# /// script\n"
        '# dependencies = ["termcolor"]\n'
        "# ///\n"
        "import sys, termcolor\n"
        "print('termcolor imported for', sys.argv[1])\n"
    )
    proc = hf("jobs", "uv", "run", str(script), "conformance", timeout=300)
    out = _output(proc)
    assert proc.returncode == 0, out
    assert "termcolor imported for conformance" in out, out


def test_uv_run_reuses_the_environment_on_the_next_run(hf, api, namespace):
    code = "import six, termcolor; print('both imported')"
    first = hf("jobs", "uv", "run", "--with", "six", "--with", "termcolor", "python", "-c", code, timeout=300)
    assert first.returncode == 0, _output(first)
    second = hf("jobs", "uv", "run", "--detach", "--with", "termcolor", "--with", "six", "python", "-c", code, timeout=300)
    assert second.returncode == 0, _output(second)
    job_id = re.search(r"[0-9a-f]{24}", _output(second)).group(0)
    deadline = time.monotonic() + 120
    while api.inspect_job(job_id=job_id, namespace=namespace).status.stage not in {"COMPLETED", "ERROR", "CANCELED"}:
        assert time.monotonic() < deadline, "job did not finish"
        time.sleep(0.2)
    logs = list(api.fetch_job_logs(job_id=job_id, namespace=namespace))
    assert "both imported" in logs, logs
    assert any("reused" in line for line in logs), logs


def test_uv_run_failed_install_is_an_error_with_pips_message(hf, api, namespace):
    proc = hf("jobs", "uv", "run", "--detach", "--with", "no-such-package-conformance", "python", "-c", "print(1)", timeout=120)
    assert proc.returncode == 0, _output(proc)
    job_id = re.search(r"[0-9a-f]{24}", _output(proc)).group(0)
    deadline = time.monotonic() + 120
    while (job := api.inspect_job(job_id=job_id, namespace=namespace)).status.stage not in {"COMPLETED", "ERROR", "CANCELED"}:
        assert time.monotonic() < deadline, "job did not finish"
        time.sleep(0.2)
    assert job.status.stage == "ERROR"
    logs = "\n".join(api.fetch_job_logs(job_id=job_id, namespace=namespace))
    assert "No matching distribution found for no-such-package-conformance" in logs, logs


def test_jobs_run_python_image_runs_python(hf):
    proc = hf("jobs", "run", "python:3.12", "python", "-c", "print('hello from python')", timeout=120)
    assert proc.returncode == 0, _output(proc)
    assert "hello from python" in _output(proc)
