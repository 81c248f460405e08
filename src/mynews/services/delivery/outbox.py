"""Use case: send the digests that are due, exactly once per reader and period.

1. ``plan_due`` adds an outbox row for each reader whose period has started (unique on reader
   and period: planning twice adds nothing).
2. ``send_due`` claims each due row with a lease (a compare-and-set, committed before sending),
   builds and sends the message, and only after the SMTP server has accepted it commits the row
   as sent. A worker that dies mid-send leaves the row pending with a lease; once the lease has
   run out the next run sends it (with the same Message-ID). A temporary failure (4xx, timeout)
   is retried with exponential back-off; a permanent one (5xx) is recorded as failed and shown
   to the operator on /admin/delivery.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mynews.core.errors import DeliveryError
from mynews.mail import smtp
from mynews.services.context import Context
from mynews.services.delivery import digests, periods
from mynews.store import digests as digest_rows
from mynews.store.delivery_models import DeliveryPrefs, DigestOutbox

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=15)
FIRST_RETRY = timedelta(minutes=2)
LONGEST_RETRY = timedelta(hours=6)


@dataclass
class SendReport:
    planned: int = 0
    sent: int = 0
    empty: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def plan_due(ctx: Context, *, batch: int = 500) -> int:
    """Add outbox rows for the periods that have started; returns how many were added."""
    now, added, after = ctx.clock.now(), 0, 0
    while True:
        with ctx.db.reading() as session:
            rows = digest_rows.digest_readers(session, after_id=after, limit=batch)
            due = [(p.reader_id, period) for p in (r for r, _ in rows) if (period := _due(p, now))]
            known = digest_rows.planned(session, [(reader_id, period.key) for reader_id, period in due])
        for reader_id, period in due:
            if (reader_id, period.key) in known:
                continue
            row = _row(ctx, reader_id, period, now)
            with ctx.db.transaction() as session:
                added += digest_rows.add_outbox(session, row)
        if len(rows) < batch:
            return added
        after = rows[-1][0].reader_id


def _due(prefs: DeliveryPrefs, now: datetime) -> periods.Period | None:
    """The reader's latest period, unless its send time came before the digest was turned on."""
    period = periods.latest_period(
        now,
        frequency=prefs.digest_frequency,
        hour=prefs.digest_hour,
        weekday=prefs.digest_weekday,
        timezone=prefs.timezone,
    )
    if period is None or (prefs.digest_from and period.scheduled_at < prefs.digest_from):
        return None
    return period


def _row(ctx: Context, reader_id: int, period: periods.Period, now: datetime) -> DigestOutbox:
    return DigestOutbox(
        reader_id=reader_id,
        period=period.key,
        status="pending",
        scheduled_at=period.scheduled_at,
        since=digests.since_for(ctx, reader_id, period),
        message_id=digests.message_id(ctx, reader_id, period.key),
        attempts=0,
        next_attempt_at=now,
        story_count=0,
        created_at=now,
    )


def send_due(ctx: Context, *, limit: int = 200) -> SendReport:
    """Plan, then send every due digest (what ``mynews digest send --due`` and the scheduler run)."""
    report = SendReport(planned=plan_due(ctx))
    config = smtp.SmtpConfig.from_settings(ctx.settings)
    with ctx.db.reading() as session:
        ids = digest_rows.due_ids(session, ctx.clock.now(), limit=limit)
    for outbox_id in ids:
        _send_one(ctx, config, outbox_id, report)
    return report


def _send_one(ctx: Context, config: smtp.SmtpConfig, outbox_id: int, report: SendReport) -> None:
    now = ctx.clock.now()
    with ctx.db.transaction() as session:
        row = digest_rows.claim(session, outbox_id, now, now + LEASE)
        if row is None:
            return
        reader_id, key, attempts = row.reader_id, row.period, row.attempts
        request = digests.DigestRequest(reader_id, periods.of_key(key, row.scheduled_at), row.since)
    try:
        digest = digests.build(ctx, request)
        if not digest.stories and not digest.followed:
            _finish(ctx, outbox_id, report, "empty")
            return
        smtp.send(config, digests.message(ctx, digest, reader_id, key))
    except DeliveryError as err:
        _failed(ctx, outbox_id, attempts, err, report)
        return
    _finish(ctx, outbox_id, report, "sent", story_count=len(digest.stories))


def _finish(ctx: Context, outbox_id: int, report: SendReport, status: str, story_count: int = 0) -> None:
    with ctx.db.transaction() as session:
        digest_rows.finish(
            session, outbox_id, status=status, sent_at=ctx.clock.now(), story_count=story_count
        )
    if status == "sent":
        report.sent += 1
    else:
        report.empty += 1


def _failed(ctx: Context, outbox_id: int, attempts: int, err: DeliveryError, report: SendReport) -> None:
    give_up = not err.temporary or attempts >= ctx.settings.digest_max_attempts
    delay = min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)
    fields: dict[str, object] = {"last_error": err.message, "last_code": err.reply_code}
    if give_up:
        fields["status"] = "failed"
    else:
        fields["next_attempt_at"] = ctx.clock.now() + delay
    with ctx.db.transaction() as session:
        digest_rows.finish(session, outbox_id, **fields)
    log.warning("digest %s: %s", outbox_id, err.message)
    report.errors.append(err.message)
    if give_up:
        report.failed += 1
    else:
        report.retrying += 1


@dataclass(frozen=True)
class DigestView:
    id: int
    email: str
    period: str
    status: str
    attempts: int
    story_count: int
    last_code: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    sent_at: datetime | None
    created_at: datetime


def _view(row: DigestOutbox, email: str = "") -> DigestView:
    return DigestView(
        row.id,
        email,
        row.period,
        row.status,
        row.attempts,
        row.story_count,
        row.last_code,
        row.last_error,
        row.next_attempt_at if row.status == "pending" else None,
        row.sent_at,
        row.created_at,
    )


def history(ctx: Context, reader_id: int, *, limit: int = 20) -> list[DigestView]:
    """The reader's own digests, newest first."""
    with ctx.db.reading() as session:
        return [_view(r) for r in digest_rows.history(session, reader_id, limit=max(1, min(limit, 100)))]


def problems(ctx: Context, *, limit: int = 50) -> tuple[list[DigestView], dict[str, int]]:
    """For the operator: digests that failed for good or are retrying after an error, and counts."""
    with ctx.db.reading() as session:
        rows = [_view(r, email) for r, email in digest_rows.problems(session, limit=limit)]
        return rows, digest_rows.counts(session)
