"""Network groups through the official 2.0.0 client (issue 10, item 3): two jobs started with
`network_group=` / `network_aliases=` are echoed as `JobInfo.network`, resolve
`$HF_NETWORK_GROUP_HOSTNAME` to both members and reach each other at `${HF_NETWORK_GROUP_PREFIX}<alias>`."""

from __future__ import annotations

import socket
import time
import uuid

MASTER = """
import os, socket
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("0.0.0.0", {port})); srv.listen(1); srv.settimeout(90)
conn, _ = srv.accept()
print("master received:", conn.recv(100).decode())
"""

WORKER = """
import os, socket, time
prefix, host = os.environ["HF_NETWORK_GROUP_PREFIX"], os.environ["HF_NETWORK_GROUP_HOSTNAME"]
for _ in range(600):
    try:
        s = socket.create_connection((prefix + "master", {port}), timeout=2); break
    except OSError:
        time.sleep(0.1)
s.sendall(b"hello over the group"); s.close()
print("group members:", len({{a[4][0] for a in socket.getaddrinfo(host, None, socket.AF_INET)}}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(api, namespace, job_id, timeout=120):
    deadline = time.monotonic() + timeout
    while (job := api.inspect_job(job_id=job_id, namespace=namespace)).status.stage not in {"COMPLETED", "ERROR", "CANCELED"}:
        assert time.monotonic() < deadline, f"job {job_id} still {job.status.stage}"
        time.sleep(0.2)
    return job


def test_network_group_members_reach_each_other_by_alias(api, namespace):
    group = f"conf-{uuid.uuid4().hex[:8]}"
    port = _free_port()
    master = api.run_job(image="python:3.12", command=["python", "-c", MASTER.format(port=port)], network_group=group, network_aliases=["master"])
    worker = api.run_job(image="python:3.12", command=["python", "-c", WORKER.format(port=port)], network_group=group, network_aliases=["worker"])
    assert master.network is not None and master.network.group == group and master.network.aliases == ["master"]
    done_master, done_worker = _wait(api, namespace, master.id), _wait(api, namespace, worker.id)
    assert done_master.status.stage == "COMPLETED", list(api.fetch_job_logs(job_id=master.id, namespace=namespace))
    assert done_worker.status.stage == "COMPLETED", list(api.fetch_job_logs(job_id=worker.id, namespace=namespace))
    assert "master received: hello over the group" in list(api.fetch_job_logs(job_id=master.id, namespace=namespace))
    assert "group members: 2" in list(api.fetch_job_logs(job_id=worker.id, namespace=namespace))
    assert api.inspect_job(job_id=worker.id, namespace=namespace).network.aliases == ["worker"]


def test_an_invalid_network_group_is_refused_by_the_hub_naming_the_field(api):
    from huggingface_hub.errors import HfHubHTTPError

    try:
        api.run_job(image="python:3.12", command=["python", "-c", "1"], network_group="Not A Group")
    except HfHubHTTPError as err:
        assert err.response.status_code == 400
        assert "network.group" in str(err)
    else:
        raise AssertionError("the Hub accepted network_group='Not A Group'")
