"""Modal dialogs: errors, help, the command palette's provider, open-by-number, Word in and out."""
