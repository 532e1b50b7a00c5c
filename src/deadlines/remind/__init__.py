"""Reminders: who gets what (the plan), the letter, delivery, and the run."""
