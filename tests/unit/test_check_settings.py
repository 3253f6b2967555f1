"""`make check`'s settings step: clean on the project, file:line on mistakes."""
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(cwd):
    return subprocess.run([sys.executable, str(ROOT / "scripts/check_settings.py")], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


def test_the_project_passes():
    result = run_check(ROOT)
    assert result.returncode == 0, result.stdout
    assert "OK" in result.stdout


def test_mistakes_in_both_files_are_listed_with_their_lines(tmp_path):
    shutil.copy(ROOT / "coach.yml", tmp_path / "coach.yml")
    shutil.copytree(ROOT / "drill", tmp_path / "drill")
    rubric = (tmp_path / "drill/rubrics.yml").read_text(encoding="utf-8")
    (tmp_path / "drill/rubrics.yml").write_text(rubric.replace("'方便吗',", "'方便(吗',", 1), encoding="utf-8")
    line = next(i for i, l in enumerate(rubric.splitlines(), 1) if "'方便吗'," in l)
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert f"drill/rubrics.yml:{line}: 正则表达式写错了" in result.stdout
    assert "1 个问题" in result.stdout
