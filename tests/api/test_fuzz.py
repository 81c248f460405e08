"""Property-based fuzzing of the JSON API from its own OpenAPI schema (schemathesis, pinned in
pyproject.toml): every operation gets valid and invalid inputs (deterministic: derandomized,
no example database), sent over real HTTP on loopback with a reader's (admin) token or the
publisher's push token. The test fails on any 5xx. Counts by status are printed and written to
tests/artifacts/fuzz_status_counts.json.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from mynews.services.context import Context
from mynews.services.ingestion.push import PushedArticle, create_push_source, push
from mynews.services.readers import accounts
from tests.conftest import LiveServer

EXAMPLES = 12
"""Examples per operation and per mode (valid, invalid): about 900 requests in all."""
ARTIFACTS = Path(__file__).parents[1] / "artifacts"


def test_no_input_makes_the_api_answer_5xx(ctx: Context, live_app: LiveServer) -> None:
    _, push_token = create_push_source(ctx, "Fuzz", hosts=["fuzz.example"])
    push(ctx, push_token, [PushedArticle(title=f"A {n}", id=f"a{n}", text="Text.") for n in range(3)])
    accounts.sign_up(ctx, "fuzz@example.org", "correct horse battery", admin=True)
    reader = accounts.sign_in(ctx, "fuzz@example.org", "correct horse battery")[0]
    schema = schemathesis.openapi.from_url(f"{live_app.url}/api/openapi.json")
    counts: Counter[int] = Counter()
    failures: list[str] = []
    session = requests.Session()

    for result in schema.get_all_operations():
        operation = result.ok()
        is_push = operation.path.startswith("/api/v1/articles") and operation.method.upper() == "POST"
        token = accounts.create_token(ctx, reader.id, "fuzz")[1]  # fresh: a fuzzed DELETE may revoke it
        auth = {"Authorization": f"Bearer {push_token if is_push else token}"}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES,
                derandomize=True,
                database=None,
                deadline=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case: schemathesis.Case) -> None:
                response = case.call(base_url=live_app.url, session=session, headers=auth, timeout=30)
                counts[response.status_code] += 1
                if response.status_code >= 500:
                    failures.append(
                        f"{case.method} {case.formatted_path} {case.query} -> {response.status_code}"
                    )

            run()

    total = sum(counts.values())
    summary = {"requests": total, "by_status": {str(k): v for k, v in sorted(counts.items())}}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "fuzz_status_counts.json").write_text(json.dumps(summary, indent=2))
    print("fuzz:", summary)
    assert total > 300
    assert not failures, failures[:20]
