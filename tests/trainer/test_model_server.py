"""scripts/model_server.py: what Rasa's model pulling sees."""

import importlib.util
import io
import tarfile
import threading

import pytest
import requests

from tests.trainer.scratch import ROOT


def _load():
    spec = importlib.util.spec_from_file_location("model_server", ROOT / "scripts/model_server.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def archive(payload: bytes) -> bytes:
    """A gzipped tar shaped like a Rasa model (metadata.json inside)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in (("metadata.json", b"{}"), ("components/x.bin", payload)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.fixture
def server(tmp_path):
    model = tmp_path / "objection-coach.tar.gz"
    httpd = _load().serve(model, 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield model, f"http://127.0.0.1:{httpd.server_address[1]}/model"
    httpd.shutdown()


def test_etag_304_and_a_new_model_after_training(server):
    model, url = server
    assert requests.get(url, timeout=5).status_code == 503  # no model yet
    model.write_bytes(archive(b"first" * 1000))
    first = requests.get(url, timeout=5)
    assert first.status_code == 200 and first.content == model.read_bytes()
    etag = first.headers["ETag"]
    assert first.headers["filename"] == "objection-coach.tar.gz"
    assert requests.get(url, headers={"If-None-Match": etag}, timeout=5).status_code == 304
    model.write_bytes(archive(b"second" * 1000))
    second = requests.get(url, headers={"If-None-Match": etag}, timeout=5)
    assert second.status_code == 200 and second.headers["ETag"] != etag


def test_a_half_written_model_is_not_served(server):
    model, url = server
    data = archive(bytes(range(256)) * 400)
    model.write_bytes(data)
    good = requests.get(url, timeout=5).headers["ETag"]
    model.write_bytes(data[: len(data) // 2])  # training is writing it
    assert requests.get(url, headers={"If-None-Match": good}, timeout=5).status_code == 503
    model.write_bytes(data)
    assert requests.get(url, headers={"If-None-Match": good}, timeout=5).status_code == 304
