"""Model and dataset repos through the official HfApi and `hf` CLI (huggingface_hub + hf_xet): create,
upload (regular files inline, large/binary ones through Xet), list, download, revisions, access control,
and a dataset mounted read-only in a job with `hf jobs run -v hf://datasets/…`."""

from __future__ import annotations

import os

import httpx
import pytest
from huggingface_hub import CommitOperationAdd, CommitOperationDelete, HfApi, hf_hub_download
from huggingface_hub.errors import HfHubHTTPError, RepositoryNotFoundError

from helpers import ok

BINARY = os.urandom(2_000_000) + b"\0"  # a NUL in the sample: the Hub sends it to LFS (here: Xet)


def test_create_repo_then_exist_ok_and_conflict(api: HfApi, namespace, unique):
    repo_id = f"{namespace}/{unique('conf-ds')}"
    url = api.create_repo(repo_id, repo_type="dataset", private=True)
    assert url.repo_id == repo_id and url.repo_type == "dataset"
    with pytest.raises(HfHubHTTPError) as err:
        api.create_repo(repo_id, repo_type="dataset")
    assert err.value.response.status_code == 409
    assert api.create_repo(repo_id, repo_type="dataset", exist_ok=True).repo_id == repo_id
    info = api.dataset_info(repo_id)
    assert info.id == repo_id and info.private is True and [s.rfilename for s in info.siblings or []] == [".gitattributes"]
    api.update_repo_settings(repo_id, repo_type="dataset", private=False)
    assert api.dataset_info(repo_id).private is False
    api.delete_repo(repo_id, repo_type="dataset")
    assert not api.repo_exists(repo_id, repo_type="dataset")


def test_upload_file_and_folder_then_list_and_download_byte_exact(api: HfApi, namespace, unique, tmp_path):
    repo_id = f"{namespace}/{unique('conf-up')}"
    api.create_repo(repo_id, repo_type="dataset")
    api.upload_file(path_or_fileobj=b"a,b\n1,2\n", path_in_repo="data/small.csv", repo_id=repo_id, repo_type="dataset")
    first = api.upload_file(path_or_fileobj=BINARY, path_in_repo="data/blob.bin", repo_id=repo_id, repo_type="dataset")
    folder = tmp_path / "folder"
    (folder / "nested").mkdir(parents=True)
    (folder / "nested" / "n.txt").write_text("nested text\n")
    (folder / "weights.safetensors").write_bytes(os.urandom(300_000))
    api.upload_folder(folder_path=folder, path_in_repo="up", repo_id=repo_id, repo_type="dataset")
    assert sorted(api.list_repo_files(repo_id, repo_type="dataset")) == [
        ".gitattributes", "data/blob.bin", "data/small.csv", "up/nested/n.txt", "up/weights.safetensors",
    ]
    entries = {e.path: e for e in api.list_repo_tree(repo_id, repo_type="dataset", recursive=True)}
    assert entries["data/blob.bin"].lfs is not None and entries["data/blob.bin"].size == len(BINARY)
    assert getattr(entries["data/small.csv"], "lfs", None) is None

    got = hf_hub_download(repo_id, "data/blob.bin", repo_type="dataset", cache_dir=tmp_path / "cache")
    assert open(got, "rb").read() == BINARY
    small = hf_hub_download(repo_id, "data/small.csv", repo_type="dataset", cache_dir=tmp_path / "cache")
    assert open(small, "rb").read() == b"a,b\n1,2\n"
    weights = hf_hub_download(repo_id, "up/weights.safetensors", repo_type="dataset", cache_dir=tmp_path / "cache")
    assert open(weights, "rb").read() == (folder / "weights.safetensors").read_bytes()

    api.create_commit(
        repo_id, repo_type="dataset", commit_message="replace and delete",
        operations=[CommitOperationAdd("data/small.csv", b"a,b\n3,4\n"), CommitOperationDelete("data/blob.bin")],
    )
    assert "data/blob.bin" not in api.list_repo_files(repo_id, repo_type="dataset")
    old = hf_hub_download(repo_id, "data/blob.bin", repo_type="dataset", revision=first.oid, cache_dir=tmp_path / "cache2")
    assert open(old, "rb").read() == BINARY
    assert [c.title for c in api.list_repo_commits(repo_id, repo_type="dataset")][:1] == ["replace and delete"]


def test_model_repo_resolve_without_prefix(api: HfApi, namespace, unique, tmp_path):
    repo_id = f"{namespace}/{unique('conf-model')}"
    api.create_repo(repo_id)
    api.upload_file(path_or_fileobj=b'{"hidden_size": 8}', path_in_repo="config.json", repo_id=repo_id)
    path = hf_hub_download(repo_id, "config.json", cache_dir=tmp_path / "cache")
    assert open(path, "rb").read() == b'{"hidden_size": 8}'
    # the same content again: preupload's oid tells the client nothing changed, so no new commit
    before = len(api.list_repo_commits(repo_id))
    api.upload_file(path_or_fileobj=b'{"hidden_size": 8}', path_in_repo="config.json", repo_id=repo_id)
    assert len(api.list_repo_commits(repo_id)) == before
    assert repo_id in [m.id for m in api.list_models(author=namespace)]


def test_private_repo_of_another_user_is_not_found(api: HfApi, hub_url, namespace, unique, tmp_path):
    created = httpx.post(f"{hub_url}/__test/users", json={"name": unique("conf-other")}, headers={"Authorization": f"Bearer {api.token}"})
    created.raise_for_status()
    other = HfApi(endpoint=hub_url, token=created.json()["token"])
    repo_id = f"{namespace}/{unique('conf-private')}"
    api.create_repo(repo_id, repo_type="dataset", private=True)
    api.upload_file(path_or_fileobj=b"secret", path_in_repo="s.txt", repo_id=repo_id, repo_type="dataset")
    with pytest.raises(RepositoryNotFoundError):
        other.list_repo_files(repo_id, repo_type="dataset")
    with pytest.raises(RepositoryNotFoundError):
        hf_hub_download(repo_id, "s.txt", repo_type="dataset", token=other.token, cache_dir=tmp_path / "cache")
    with pytest.raises(HfHubHTTPError):
        other.upload_file(path_or_fileobj=b"x", path_in_repo="x.txt", repo_id=repo_id, repo_type="dataset")


def test_jobs_run_mounts_a_dataset_sub_path_read_only(hf, api: HfApi, namespace, unique):
    repo_id = f"{namespace}/{unique('conf-vol')}"
    api.create_repo(repo_id, repo_type="dataset")
    api.upload_file(path_or_fileobj=b"mounted dataset file\n", path_in_repo="train/x.txt", repo_id=repo_id, repo_type="dataset")
    code = (
        "print(open('/data2/x.txt').read().strip())\n"
        "try:\n  open('/data2/y.txt', 'w')\nexcept OSError as e:\n  print('write refused', e.errno)"
    )
    result = ok(hf("jobs", "run", "-v", f"hf://datasets/{repo_id}/train:/data2", "python:3.12", "python3", "-c", code))
    out = result.stdout + result.stderr
    assert "mounted dataset file" in out
    assert "write refused 30" in out
    rw = hf("jobs", "run", "-d", "-v", f"hf://datasets/{repo_id}:/data2:rw", "python:3.12", "true")
    assert rw.returncode != 0 and "readOnly" in rw.stdout + rw.stderr


def test_hf_upload_and_download_a_folder_with_the_cli(hf, namespace, unique, tmp_path):
    repo_id = f"{namespace}/{unique('conf-cli')}"
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_text("cli text\n")
    (src / "b.bin").write_bytes(os.urandom(200_000))
    # `hf upload` creates the repo when it does not exist (create_repo exist_ok), then uploads the folder.
    ok(hf("upload", repo_id, str(src), ".", "--repo-type", "dataset", "--private"))
    out = tmp_path / "out"
    ok(hf("download", repo_id, "--repo-type", "dataset", "--local-dir", str(out)))
    assert (out / "sub" / "a.txt").read_text() == "cli text\n"
    assert (out / "b.bin").read_bytes() == (src / "b.bin").read_bytes()
