"""A TaskQueue that runs follow-up tasks at once in the caller's thread (CLI ingest, tests of whole
flows, the embedded demo loader): the same task functions the huey workers run."""

from __future__ import annotations

from mynews.services.context import Context


class InlineQueue:
    """Runs follow-up tasks at once in the caller's thread (CLI ingest, tests of whole flows).

    Tasks queued while another runs are run after it, in order, so a transaction is never nested.
    """

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._pending: list[tuple[str, int]] = []
        self.deliver_inline = True  # run webhook deliveries at once (tests may turn it off)
        self._running = False
        self.done: list[tuple[str, int]] = []

    def refresh(self, source_id: int) -> None:
        self._run(("refresh", source_id))

    def process(self, article_id: int, priority: int = 0) -> None:
        self._run(("process", article_id))

    def pictures(self, article_id: int) -> None:
        self._run(("pictures", article_id))

    def article_ready(self, article_id: int) -> None:
        self._run(("ready", article_id))

    def deliver_webhooks(self) -> None:
        if self.deliver_inline:
            self._run(("webhooks", 0))

    def _run(self, task: tuple[str, int]) -> None:
        self._pending.append(task)
        if self._running:
            return
        self._running = True
        try:
            while self._pending:
                kind, ident = self._pending.pop(0)
                from mynews.services.delivery import triggers, webhook_delivery
                from mynews.services.ingestion import pictures, processing, refresh

                if kind == "refresh":
                    refresh.refresh_source(self._ctx, ident)
                elif kind == "pictures":
                    pictures.fetch_for_article(self._ctx, ident)
                elif kind == "ready":
                    triggers.on_article_ready(self._ctx, ident)
                elif kind == "webhooks":
                    webhook_delivery.deliver_due(self._ctx)
                else:
                    self._process(processing, ident)
                self.done.append((kind, ident))
        finally:
            self._running = False

    def _process(self, processing, article_id: int) -> None:
        """Like huey's retries: a failing article is run again until it is ready or failed."""
        for _ in range(max(1, self._ctx.settings.process_max_attempts)):
            try:
                processing.process_article(self._ctx, article_id)
                return
            except processing.ProcessingFailed:
                continue
