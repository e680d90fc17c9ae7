"""Scheduled Jobs through the official `hf` CLI: scheduled uv run, suspend, resume, trigger, delete."""

from __future__ import annotations

import json
import time

from huggingface_hub import HfApi

from helpers import last_json, ok


def test_scheduled_uv_run_suspend_resume_trigger_delete(hf, api: HfApi, namespace, unique, wait_job, tmp_path):
    name = unique("sched")
    (tmp_path / "tick.py").write_text("# /// script\n# dependencies = []\n# ///\nprint('scheduled tick ran', flush=True)\n")
    created = ok(hf("jobs", "scheduled", "uv", "run", "--name", name, "--json", "@daily", "tick.py", cwd=tmp_path, timeout=120))
    sj_id = last_json(created.stdout)["id"]
    sj = api.inspect_scheduled_job(scheduled_job_id=sj_id, namespace=namespace)
    assert sj.schedule == "@daily" and sj.suspend is False
    assert "/data/tick.py" in " ".join(sj.job_spec.command or [])

    ok(hf("jobs", "scheduled", "suspend", sj_id))
    assert api.inspect_scheduled_job(scheduled_job_id=sj_id, namespace=namespace).suspend is True
    listed = lambda *a: {s["id"] for s in json.loads(ok(hf("jobs", "scheduled", "ps", *a, "--json")).stdout)}
    assert sj_id in listed("--status", "suspended") and sj_id not in listed()
    ok(hf("jobs", "scheduled", "resume", sj_id))
    assert api.inspect_scheduled_job(scheduled_job_id=sj_id, namespace=namespace).suspend is False
    assert sj_id in listed()

    ok(hf("jobs", "scheduled", "trigger", sj_id))
    deadline = time.monotonic() + 30
    while True:
        last = api.inspect_scheduled_job(scheduled_job_id=sj_id, namespace=namespace).status.last_job
        if last is not None or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert last is not None, "trigger created no run"
    run = wait_job(last.id)
    assert run.status.stage == "COMPLETED"
    assert "scheduled tick ran" in ok(hf("jobs", "logs", last.id)).stdout

    ok(hf("jobs", "scheduled", "delete", sj_id))
    assert sj_id not in listed("-a")


def test_scheduled_run_accepts_the_bare_macros_the_cli_offers(hf, api: HfApi, namespace):
    for macro in ["hourly", "daily", "weekly", "monthly", "yearly", "annually"]:
        created = ok(hf("jobs", "scheduled", "run", "--suspend", "--json", macro, "python:3.12", "python3", "-c", "print(1)"))
        sj_id = last_json(created.stdout)["id"]
        sj = api.inspect_scheduled_job(scheduled_job_id=sj_id, namespace=namespace)
        assert sj.status.next_job_run_at is not None, macro
        api.delete_scheduled_job(scheduled_job_id=sj_id, namespace=namespace)
