"""The TUI's screens and dialogs, one module each."""
