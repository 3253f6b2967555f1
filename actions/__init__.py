"""Custom actions of the Objection Coach (run by `rasa run actions`)."""
