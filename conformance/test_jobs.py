"""Jobs through the official `hf` CLI and HfApi: run, uv run with files, logs, inspect, ps filters,
cancel, wait, timeout, labels."""

from __future__ import annotations

import json
import textwrap

from huggingface_hub import HfApi

from helpers import ok, tree


def run_detached(hf, *args: str) -> str:
    """`hf jobs run -d -q …` → the new job id."""
    out = ok(hf("jobs", "run", "-d", "-q", *args)).stdout.strip().splitlines()
    assert out, "no job id printed"
    return out[-1].strip()


def test_jobs_run_python_c_prints_and_completes(hf):
    # The canonical first example of the HF Jobs docs: `python` (not only python3) is on the PATH.
    result = ok(hf("jobs", "run", "python:3.12", "python", "-c", "print('hello from a conformance job')"))
    assert "hello from a conformance job" in result.stdout + result.stderr


def test_jobs_uv_run_local_script_with_config_then_fetch_outputs_with_cp_and_sync(hf, api: HfApi, namespace, tmp_path):
    work = tmp_path / "work"
    (work / "inputs").mkdir(parents=True)
    (work / "inputs" / "config.json").write_text('{"value": 42, "name": "conformance"}\n')
    (work / "train.py").write_text(textwrap.dedent("""\
        # /// script
        # requires-python = ">=3.10"
        # dependencies = []
        # ///
        import json, os, sys
        cfg = json.load(open("/inputs/config.json"))
        print("config", cfg["name"], "args", " ".join(sys.argv[1:]), flush=True)
        os.makedirs("/data/out", exist_ok=True)
        open("/data/out/result.txt", "w").write(f"value={cfg['value'] * 2}\\n")
        open("/data/out/metrics.json", "w").write(json.dumps({"loss": 0.5, "args": sys.argv[1:]}))
        """))
    result = ok(hf("jobs", "uv", "run", "-v", "./inputs:/inputs", "train.py", "--epochs", "3", cwd=work, timeout=180))
    assert "config conformance args --epochs 3" in result.stdout + result.stderr

    job = next(j for j in api.list_jobs(namespace=namespace) if j.command and "/data/train.py" in j.command)
    assert job.status.stage == "COMPLETED"
    data = next(v for v in job.volumes or [] if v.mount_path == "/data")
    folder = f"hf://buckets/{data.source}/{data.path}"

    ok(hf("buckets", "cp", f"{folder}/out/result.txt", str(tmp_path / "result.txt")))
    assert (tmp_path / "result.txt").read_text() == "value=84\n"
    ok(hf("buckets", "sync", folder, str(tmp_path / "synced")))
    got = tree(tmp_path / "synced")
    assert got["train.py"] == (work / "train.py").read_bytes()
    assert got["out/result.txt"] == b"value=84\n"
    assert json.loads(got["out/metrics.json"]) == {"loss": 0.5, "args": ["--epochs", "3"]}


def test_jobs_logs_follow_streams_every_line_then_inspect_shows_completed(hf):
    job_id = run_detached(hf, "python:3.12", "python3", "-c", "import time\nfor i in range(3):\n    print(f'line {i}', flush=True); time.sleep(0.3)")
    logs = ok(hf("jobs", "logs", "-f", job_id)).stdout
    assert [l for l in logs.splitlines() if l.startswith("line ")] == ["line 0", "line 1", "line 2"]
    info = json.loads(ok(hf("jobs", "inspect", job_id, "--json")).stdout)
    info = info[0] if isinstance(info, list) else info
    assert info["id"] == job_id and info["status"]["stage"] == "COMPLETED"


def test_jobs_ps_filters_by_status_label_and_name(hf, unique, wait_job):
    tag = unique("ps")
    done = run_detached(hf, "--label", f"suite={tag}", "--name", f"{tag}-done", "python:3.12", "python3", "-c", "print(1)")
    live = run_detached(hf, "--label", f"suite={tag}", "--label", "kind=sleeper", "python:3.12", "python3", "-c", "import time; time.sleep(60)")
    try:
        wait_job(done)
        wait_job(live, stages={"RUNNING"})
        ids = lambda *a: {j["id"] for j in json.loads(ok(hf("jobs", "ps", *a, "--json")).stdout)}
        assert ids("-a", "--label", f"suite={tag}") == {done, live}
        assert ids("--label", f"suite={tag}") == {live}  # default: running and scheduling only
        assert ids("--status", "completed", "--label", f"suite={tag}") == {done}
        assert ids("-a", "--label", f"suite={tag}", "--label", "kind=sleeper") == {live}
        assert ids("-a", "--name", f"{tag}-done") == {done}
    finally:
        hf("jobs", "cancel", live)


def test_jobs_cancel_stops_a_running_job(hf, wait_job):
    job_id = run_detached(hf, "python:3.12", "python3", "-c", "import time; print('started', flush=True); time.sleep(120)")
    wait_job(job_id, stages={"RUNNING"})
    ok(hf("jobs", "cancel", job_id))
    assert wait_job(job_id).status.stage == "CANCELED"


def test_jobs_wait_exits_zero_on_success_and_non_zero_on_failure(hf):
    good = run_detached(hf, "python:3.12", "python3", "-c", "print('fine')")
    bad = run_detached(hf, "python:3.12", "python3", "-c", "raise SystemExit(3)")
    ok(hf("jobs", "wait", good, timeout=60))
    failed = hf("jobs", "wait", bad, timeout=60)
    assert failed.returncode != 0
    assert "ERROR" in failed.stdout + failed.stderr


def test_jobs_timeout_ends_the_job_in_error(hf, wait_job):
    job_id = run_detached(hf, "--timeout", "2s", "python:3.12", "python3", "-c", "import time; time.sleep(60)")
    job = wait_job(job_id, timeout=30)
    assert job.status.stage == "ERROR"
    assert "timed out" in (job.status.message or "")


def test_jobs_labels_set_replace_and_clear(hf, api: HfApi, namespace):
    job_id = run_detached(hf, "--label", "team=ml", "python:3.12", "python3", "-c", "print(1)")
    labels = lambda: api.inspect_job(job_id=job_id, namespace=namespace).labels or {}
    assert labels().get("team") == "ml" and "name" in labels()
    ok(hf("jobs", "labels", job_id, "--name", "renamed"))
    assert labels().get("name") == "renamed" and labels().get("team") == "ml"
    ok(hf("jobs", "labels", job_id, "--label", "stage=prod"))
    assert labels().get("stage") == "prod" and "team" not in labels()
    ok(hf("jobs", "labels", job_id, "--clear"))
    assert labels() == {}
