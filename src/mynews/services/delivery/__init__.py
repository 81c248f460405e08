"""Delivery: the news comes to the reader. E-mail digests (``preferences``, ``periods``,
``digests``, ``outbox``, ``unsubscribe``), alerts through Apprise (``alert_channels``,
``alerts``), webhooks (``webhooks``, ``webhook_delivery``) and what triggers them after an
article is processed (``triggers``); the sync APIs for reader apps live beside them.
"""
