"""Objection Coach domain logic, free of Rasa imports so actions, NLU
components and tests can all share it."""
