"""E-mail: composing the messages mynews sends (the digest: an HTML part with inlined CSS and a
plain-text part, RFC 8058 one-click unsubscribe headers) and sending them over SMTP.

Composition is pure (content in, ``EmailMessage`` out); ``smtp.py`` is the only module that opens
SMTP connections. Must not import store, services or anything above.
"""
