#!/usr/bin/env bash
# Print a Python 3.10 interpreter that really runs (Rasa 3.6 needs 3.8-3.10).
# pyenv's shim for python3.10 exists even when 3.10 is not selected and then
# fails, so every candidate is tried, not just found.
for candidate in ${PYTHON310:-} "$HOME"/.pyenv/versions/3.10*/bin/python3.10 \
                 /usr/local/bin/python3.10 /usr/bin/python3.10 "$(command -v python3.10 2>/dev/null)"; do
  if [[ -x "$candidate" ]] && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
    echo "$candidate"
    exit 0
  fi
done
exit 1
