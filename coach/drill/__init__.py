"""Drill mode: the bot plays the customer and grades the rep's answer."""
