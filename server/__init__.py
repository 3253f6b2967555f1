"""Our Rasa server: stock `rasa` with the patches in server/patches.py applied
first (see docs/performance.md for why each one exists).

    .venv/bin/python -m server run --model ... --endpoints ...   # any `rasa` command
"""
