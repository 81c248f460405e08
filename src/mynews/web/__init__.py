"""Web: server-rendered pages (Jinja2) and their static files. Calls services; never the store."""
