"""A tiny model server so the running Rasa server picks up a retrained model
by itself (no restart, conversations kept in the SQLite tracker store).

`scripts/run.sh` starts it on 127.0.0.1:$MODEL_PORT and points Rasa at it
(`models:` in the endpoints file it writes to runtime/). Rasa asks every
`wait_time_between_pulls` seconds with `If-None-Match: <ETag it has>`:

- 304 while models/objection-coach.tar.gz is unchanged;
- 200 with the file and a new ETag (its SHA-256) after `make train`, and Rasa
  loads it in place;
- 503 while the file is missing or half written (training writes the archive
  in place), so Rasa keeps the model it has and asks again later.

It reads nothing but the one model file.

    .venv/bin/python scripts/model_server.py --port 5006 --model models/objection-coach.tar.gz
"""

from __future__ import annotations

import argparse
import hashlib
import http.server
import io
import sys
import tarfile
from pathlib import Path
from typing import Optional, Tuple

from coach.reloading import Reloading

MODEL_PATH = "/model"


class ModelFile:
    """The model archive, re-read only when its size or mtime changes."""

    def __init__(self, path: Path):
        self.path = path
        self._archive: Reloading[Optional[Tuple[str, bytes]]] = Reloading(self._read)

    def current(self) -> Optional[Tuple[str, bytes]]:
        """(etag, bytes) of a complete archive, or None."""
        return self._archive.get(self.path)

    def _read(self, path: Path) -> Optional[Tuple[str, bytes]]:
        try:
            data = path.read_bytes()
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
                names = archive.getnames()  # reads to the end: a truncated file fails here
        except (OSError, tarfile.TarError, EOFError):
            return None
        if not any(name.endswith("metadata.json") for name in names):
            return None
        return hashlib.sha256(data).hexdigest(), data


def handler_for(model: ModelFile):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            if self.path.split("?")[0] == "/health":
                return self._reply(200, b"ok", "text/plain")
            if self.path.split("?")[0] != MODEL_PATH:
                return self._reply(404, b"not found", "text/plain")
            current = model.current()
            if current is None:
                return self._reply(503, b"no complete model yet", "text/plain")
            etag, data = current
            asked = (self.headers.get("If-None-Match") or "").strip().strip('"')
            if asked == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return None
            self.send_response(200)
            self.send_header("ETag", etag)
            self.send_header("filename", model.path.name)
            self.send_header("Content-Type", "application/gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return None

        def _reply(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # quiet: Rasa asks every few seconds
            pass

    return Handler


def serve(model: Path, port: int, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    return http.server.ThreadingHTTPServer((host, port), handler_for(ModelFile(model)))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5006)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--model", type=Path, default=Path("models/objection-coach.tar.gz"))
    args = parser.parse_args(argv)
    server = serve(args.model, args.port, args.host)
    print(f"Model server: http://{args.host}:{args.port}{MODEL_PATH} serves {args.model}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
