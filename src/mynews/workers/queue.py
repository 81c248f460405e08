"""The huey instance, the task definitions, and the TaskQueue the services send work to."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from huey import Huey, PriorityRedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer

from mynews.core.settings import Settings
from mynews.services.context import Context
from mynews.services.delivery import outbox, triggers, webhook_delivery
from mynews.services.ingestion import pictures, processing, refresh, scheduling

log = logging.getLogger(__name__)


def make_huey(settings: Settings, *, immediate: bool = False) -> Huey:
    """SQLite storage when embedded, Redis when scaled; both honour task priorities (the fair
    queue: ``services.ingestion.queueing``)."""
    if settings.redis_url:
        return PriorityRedisHuey("mynews", url=settings.redis_url, immediate=immediate)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("mynews", filename=str(settings.data_dir / "tasks.db"), immediate=immediate)


@dataclass
class HueyQueue:
    """A TaskQueue whose tasks run in huey workers."""

    huey: Huey
    refresh_task: Any
    process_task: Any
    pictures_task: Any
    ready_task: Any
    webhooks_task: Any

    def refresh(self, source_id: int) -> None:
        self.refresh_task(source_id)

    def process(self, article_id: int, priority: int = 0) -> None:
        self.process_task(article_id, priority=priority)

    def pictures(self, article_id: int) -> None:
        self.pictures_task(article_id)

    def article_ready(self, article_id: int) -> None:
        self.ready_task(article_id)

    def deliver_webhooks(self) -> None:
        self.webhooks_task()


def register(huey: Huey, ctx: Context) -> HueyQueue:
    """Define the tasks on ``huey`` for this context and return the queue that sends them."""

    @huey.task(retries=2, retry_delay=30, name="refresh_source")
    def refresh_task(source_id: int) -> str:
        return refresh.refresh_source(ctx, source_id).status

    @huey.task(retries=max(0, ctx.settings.process_max_attempts - 1), retry_delay=10, name="process_article")
    def process_task(article_id: int) -> str:
        return processing.process_article(ctx, article_id)

    @huey.task(retries=1, retry_delay=60, name="fetch_pictures")
    def pictures_task(article_id: int) -> int:
        return len(pictures.fetch_for_article(ctx, article_id).ready)

    @huey.periodic_task(crontab(minute="*"), name="enqueue_due_sources")
    def due_task() -> int:
        return scheduling.enqueue_due(ctx)

    @huey.periodic_task(crontab(hour="3", minute="17"), name="train_ranker")
    def train_task() -> str:
        from mynews.services.learning.train import train

        return train(ctx).name

    @huey.periodic_task(crontab(hour="3", minute="47"), name="merge_entities")
    def merge_entities_task() -> int:
        # one entity per real thing as the instance learns names: a bare surname joins the one
        # full name it now knows well enough ("Putin" -> "Vladimir Putin"); as `mynews entities merge`
        from mynews.services.understanding.entity_identity import merge_entities

        return merge_entities(ctx).merged

    @huey.task(retries=1, retry_delay=30, name="article_ready")
    def ready_task(article_id: int) -> int:
        return len(triggers.on_article_ready(ctx, article_id).alerts)

    @huey.task(name="deliver_webhooks")
    def webhooks_task() -> int:
        return webhook_delivery.deliver_due(ctx).delivered

    @huey.periodic_task(crontab(minute="*"), name="retry_webhooks")
    def webhooks_due_task() -> int:
        return webhook_delivery.deliver_due(ctx).delivered

    @huey.periodic_task(crontab(minute="*/5"), name="send_due_digests")
    def digests_task() -> int:
        return outbox.send_due(ctx).sent

    return HueyQueue(huey, refresh_task, process_task, pictures_task, ready_task, webhooks_task)


class QuietConsumer(Consumer):
    """A huey consumer that runs inside another program: it leaves signal handling to the host."""

    def _set_signal_handlers(self) -> None:
        return None


def start_in_process(huey: Huey, workers: int) -> QuietConsumer:
    consumer = QuietConsumer(
        huey, workers=workers, worker_type="thread", periodic=True, check_worker_health=False
    )
    consumer.start()
    return consumer
