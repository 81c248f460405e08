"""Delivery: the news comes to the reader outside the web app. E-mail digests (``preferences``,
``periods``, ``digests``, ``outbox``, ``unsubscribe``), alerts through Apprise
(``alert_channels``, ``alerts``), webhooks (``webhooks``, ``webhook_delivery``) and what
triggers them after an article is processed (``triggers``); the sync APIs for reader apps
(Miniflux, Google Reader, Fever): ``app_passwords`` (what apps sign in with), ``sync_feeds`` (a
reader's feeds for apps: For you, Saved and each follow, kept up to date), ``sync_entries``
(their entries: lists, ids, counts, read and starred).
"""
