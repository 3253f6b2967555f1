import pytest

from tests.e2e.stack import MODEL, Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: `make test` trains it before running pytest")
    running = Stack(tmp_path_factory.mktemp("stack")).start()
    yield running
    running.stop()
