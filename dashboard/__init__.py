"""The trainer dashboard at /trainer/ on the demo page's port: who practised
what and how well, the CSV export, assignments. It reads the drill records
(records/) and labels them with the scripts' YAML (coach/); no Rasa import."""
