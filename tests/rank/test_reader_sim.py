"""The reader simulator, short: five January days, six readers, a real `mynews serve` driven over
loopback HTTP on the replay clock. Pins For you's floors against the baselines of the same run
(tests/data/quality_floors.json: reader_sim_short_*)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bench.reader_sim import Config, simulate
from bench.sim import corpus

pytestmark = pytest.mark.slow
FLOORS = Path(__file__).parents[1] / "data" / "quality_floors.json"


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    config = Config(date(2025, 1, 6), date(2025, 1, 10), readers=6, seed=3, outlets=6, data_path=corpus.SMALL)
    return simulate(config, folder=tmp_path_factory.mktemp("sim"))


def test_the_replay_ran_through_the_api_without_errors(figures: dict[str, Any]) -> None:
    assert figures["api_calls"]["errors"] == 0, figures["api_calls"]["last_error"]
    assert figures["api_calls"]["total"] > 300
    assert figures["days"] == 5 and figures["items"] > 80
    rankings = figures["rankings"]
    assert set(rankings) >= {
        "For you",
        "content",
        "Following",
        "popularity",
        "recency",
        "Top stories",
        "oracle",
    }
    assert rankings["oracle"]["ndcg@10"] == 1.0
    assert all(r["ndcg@10"] <= 1.0 for r in rankings.values())
    assert figures["latency_ms"]["calls"] == 30


def test_for_you_stays_above_its_floors(figures: dict[str, Any]) -> None:
    floors = json.loads(FLOORS.read_text())
    rankings = figures["rankings"]
    you = rankings["For you"]
    assert you["ndcg@10"] >= floors["reader_sim_short_for_you_ndcg@10"]
    assert you["ndcg@10"] >= floors["reader_sim_short_for_you_over_recency"] * rankings["recency"]["ndcg@10"]
    assert you["ndcg@10"] >= floors["reader_sim_short_for_you_over_content"] * rankings["content"]["ndcg@10"]
    assert you["older_than_3d_unexcused"] <= floors["reader_sim_short_old_unexcused_max"]


def test_no_card_in_the_top_says_recent_to_a_reader_with_history(figures: dict[str, Any]) -> None:
    """Issue 8's goal: "Recent" alone never in the top 10 of a reader who has read or followed
    something; what the ranker cannot explain claims nothing ("More news")."""
    reasons = figures["reasons"]
    assert "recent, with history" not in reasons, reasons
    assert reasons.get("more", {}).get("cards", 0) > 0
