"""HTTP plumbing shared by web and api: the error -> response mapping (one JSON error shape),
CSRF tokens, templates, and who is asking (sessions and tokens)."""
