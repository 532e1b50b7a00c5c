"""The application layer: the workspace and every operation, no click or textual.

The CLI and the TUI both call these; neither holds a domain rule.
"""
