"""Use case: parse inputs without storing (`mynews extract`), optionally with entities and topics."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from mynews.core.errors import FetchError
from mynews.core.settings import Settings
from mynews.ingest.extract import article_to_json, extract_document
from mynews.services.ingestion import fetching


def extract_inputs(
    settings: Settings, inputs: list[str], *, enrich: bool = False
) -> Iterator[tuple[str, dict]]:
    """Yield (input, JSON object) per input; a failure yields {"input", "error"} and goes on."""
    for target in inputs:
        try:
            if target.startswith(("http://", "https://")):
                fetched = fetching.fetch(settings, target)
                result = extract_document(fetched.body, url=fetched.url, content_type=fetched.content_type)
            else:
                path = Path(target)
                result = extract_document(path.read_bytes(), filename=path.name)
        except (OSError, FetchError) as err:
            yield target, {"input": target, "error": str(getattr(err, "message", err))}
            continue
        if result.article is None:
            yield target, {"input": target, "error": f"no article: {result.reason}"}
            continue
        obj = article_to_json(result.article)
        obj["input"] = target
        if enrich:
            from mynews.services.understanding.pipeline import enrich_json

            obj.update(enrich_json(result.article))
        yield target, obj
