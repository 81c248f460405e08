"""CLI: the `mynews` command (typer). Each command builds the app from Settings and calls services."""
