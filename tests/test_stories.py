"""`rasa test core` on the test stories: the customer's sentences go through
the trained NLU and every predicted action must match the story."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_flow_in_the_test_stories(tmp_path):
    result = subprocess.run(
        [
            str(ROOT / ".venv/bin/rasa"),
            "test",
            "core",
            "--model",
            "models/objection-coach.tar.gz",
            "--stories",
            "tests/stories",
            "--out",
            str(tmp_path),
            "--fail-on-prediction-errors",
            "--no-plot",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:] + details
