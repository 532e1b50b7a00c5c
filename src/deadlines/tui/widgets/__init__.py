"""Widgets of the TUI, each knowing nothing of the store: the app hands them data."""
