"""Storage Buckets through the official `hf` CLI and HfApi (huggingface_hub + hf_xet)."""

from __future__ import annotations

import json
import os

from huggingface_hub import HfApi
from huggingface_hub.errors import BucketNotFoundError

from helpers import ok, tree

RANDOM_BYTES = os.urandom(300_000)


def test_auth_whoami_names_the_user(hf, namespace):
    out = ok(hf("auth", "whoami"))
    assert namespace in out.stdout


def test_buckets_create_without_namespace_then_list_and_info(hf, namespace, unique):
    name = unique("conf-create")
    ok(hf("buckets", "create", name, "--private"))
    listed = json.loads(ok(hf("buckets", "list", "--json")).stdout)
    assert f"{namespace}/{name}" in [b["id"] for b in listed]
    info = json.loads(ok(hf("buckets", "info", f"{namespace}/{name}")).stdout)
    assert info["id"] == f"{namespace}/{name}" and info["private"] is True
    again = hf("buckets", "create", name)
    assert again.returncode != 0
    ok(hf("buckets", "create", name, "--exist-ok"))


def test_buckets_cp_uploads_and_downloads_byte_exact(hf, namespace, unique, tmp_path):
    bucket = f"{namespace}/{unique('conf-cp')}"
    ok(hf("buckets", "create", bucket))
    src = tmp_path / "random.bin"
    src.write_bytes(RANDOM_BYTES)
    ok(hf("buckets", "cp", str(src), f"hf://buckets/{bucket}/dir/random.bin"))
    ok(hf("buckets", "cp", f"hf://buckets/{bucket}/dir/random.bin", str(tmp_path / "back.bin")))
    assert (tmp_path / "back.bin").read_bytes() == RANDOM_BYTES
    listing = ok(hf("buckets", "list", bucket, "-R")).stdout
    assert "dir/random.bin" in listing and "300000" in listing


def test_buckets_sync_up_and_down_round_trips_a_folder(hf, namespace, unique, tmp_path):
    bucket = f"{namespace}/{unique('conf-sync')}"
    ok(hf("buckets", "create", bucket))
    up = tmp_path / "up"
    (up / "nested" / "deeper").mkdir(parents=True)
    (up / "a.txt").write_text("alpha\n")
    (up / "nested" / "b.json").write_text('{"b": 1}\n')
    (up / "nested" / "deeper" / "c.bin").write_bytes(RANDOM_BYTES[:70_000])
    (up / "empty.txt").write_bytes(b"")
    ok(hf("buckets", "sync", str(up), f"hf://buckets/{bucket}"))
    down = tmp_path / "down"
    ok(hf("buckets", "sync", f"hf://buckets/{bucket}", str(down)))
    assert tree(down) == tree(up)


def test_buckets_rm_removes_one_file_and_a_prefix(hf, api: HfApi, namespace, unique, tmp_path):
    bucket = f"{namespace}/{unique('conf-rm')}"
    ok(hf("buckets", "create", bucket))
    for rel in ["one.txt", "keep.txt", "old/x.txt", "old/y.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel)
    ok(hf("buckets", "sync", str(tmp_path), f"hf://buckets/{bucket}"))
    ok(hf("buckets", "remove", f"{bucket}/one.txt", "-y"))
    ok(hf("buckets", "remove", f"{bucket}/old", "-R", "-y"))
    assert [f.path for f in api.list_bucket_tree(bucket, recursive=True)] == ["keep.txt"]


def test_buckets_settings_switches_visibility(hf, api: HfApi, namespace, unique):
    bucket = f"{namespace}/{unique('conf-settings')}"
    ok(hf("buckets", "create", bucket, "--private"))
    ok(hf("buckets", "settings", bucket, "--public"))
    assert api.bucket_info(bucket).private is False
    ok(hf("buckets", "settings", bucket, "--private"))
    assert api.bucket_info(bucket).private is True


def test_buckets_move_renames_with_its_files(hf, api: HfApi, namespace, unique, tmp_path):
    old, new = f"{namespace}/{unique('conf-move-a')}", f"{namespace}/{unique('conf-move-b')}"
    ok(hf("buckets", "create", old))
    (tmp_path / "f.txt").write_text("moved along\n")
    ok(hf("buckets", "cp", str(tmp_path / "f.txt"), f"hf://buckets/{old}/f.txt"))
    ok(hf("buckets", "move", old, new))
    try:
        api.bucket_info(old)
        raise AssertionError("the old name still answers")
    except BucketNotFoundError:
        pass
    ok(hf("buckets", "cp", f"hf://buckets/{new}/f.txt", str(tmp_path / "back.txt")))
    assert (tmp_path / "back.txt").read_text() == "moved along\n"


def test_buckets_delete_then_missing_ok(hf, api: HfApi, namespace, unique):
    bucket = f"{namespace}/{unique('conf-delete')}"
    ok(hf("buckets", "create", bucket))
    ok(hf("buckets", "delete", bucket, "-y"))
    assert bucket not in [b.id for b in api.list_buckets()]
    assert hf("buckets", "delete", bucket, "-y").returncode != 0
    ok(hf("buckets", "delete", bucket, "-y", "--missing-ok"))


def test_job_outputs_download_with_cp_sync_and_copy_bucket_to_bucket(hf, api: HfApi, namespace, unique, wait_job, tmp_path):
    """A job writes outputs into its bucket folder: every client read path gets the exact bytes."""
    bucket = f"{namespace}/{unique('conf-outputs')}"
    copies = f"{namespace}/{unique('conf-copies')}"
    ok(hf("buckets", "create", bucket))
    ok(hf("buckets", "create", copies))
    code = (
        "import os, random; os.makedirs('/data/sub', exist_ok=True); r = random.Random(7);"
        "open('/data/big.bin','wb').write(bytes(r.getrandbits(8) for _ in range(250000)));"
        "open('/data/sub/note.txt','w').write('written by the job\\n'); open('/data/empty.out','w').close()"
    )
    job = api.run_job(image="python:3.12", command=["python3", "-c", code], volumes=[_bucket_volume(bucket, "run")])
    assert wait_job(job.id).status.stage == "COMPLETED"
    import random

    r = random.Random(7)
    expected = {"big.bin": bytes(r.getrandbits(8) for _ in range(250000)), "sub/note.txt": b"written by the job\n", "empty.out": b""}

    # hf_xet asks the CAS first (paths-info, HEAD, reconstruction): no JS-style resolve happened before.
    ok(hf("buckets", "cp", f"hf://buckets/{bucket}/run/big.bin", str(tmp_path / "big.bin")))
    assert (tmp_path / "big.bin").read_bytes() == expected["big.bin"]
    ok(hf("buckets", "sync", f"hf://buckets/{bucket}/run", str(tmp_path / "synced")))
    assert tree(tmp_path / "synced") == expected
    ok(hf("buckets", "cp", f"hf://buckets/{bucket}/run/sub/note.txt", f"hf://buckets/{copies}/kept/note.txt"))
    ok(hf("buckets", "cp", f"hf://buckets/{copies}/kept/note.txt", str(tmp_path / "note.txt")))
    assert (tmp_path / "note.txt").read_bytes() == expected["sub/note.txt"]


def _bucket_volume(bucket: str, path: str):
    from huggingface_hub import Volume

    return Volume(type="bucket", source=bucket, mount_path="/data", path=path, read_only=False)
