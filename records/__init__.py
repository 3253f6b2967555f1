"""Drill records and assignments in the project's database: what every
graded answer was, who gave it, and what trainers asked reps to practise.

No Rasa import: the action server writes here, the trainer dashboard
(dashboard/) and `make forget` read and delete here.
"""
