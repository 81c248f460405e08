"""Train the IPTC topic classifier on Global Voices categories and measure both topic methods.

    .venv/bin/python bench/train_topics.py            # measure, then write the weights
    .venv/bin/python bench/train_topics.py --dry-run  # measure only

Global Voices categories are mapped to IPTC keys by ``mynews/enrich/data/gv_category_topics.json``
(region, language and format categories are not topics). Posts are split by id (about 70% train,
30% held out, see tests/enrich/gv_corpus.py); the classifier is fitted on the train split only,
with C and the probability threshold chosen by 5-fold cross-validation inside it, and both
methods are reported on the held-out split. The weights go to
``src/mynews/enrich/data/iptc_classifier.json`` (about 50 KB). Every method is
then also scored (top-1) on 36 Wikinews articles labelled by hand
(tests/data/enrich/wikinews-topics-handlabelled.json), a different kind of news.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.enrich.gv_corpus import load_gv  # noqa: E402

from mynews.enrich.embeddings import get_embedder  # noqa: E402
from mynews.enrich.topics import IptcOptions, assign_iptc, iptc_topics, load_classifier  # noqa: E402

OUT = ROOT / "src" / "mynews" / "enrich" / "data" / "iptc_classifier.json"
MIN_POSITIVES = 5


def gold_topics(categories: tuple[str, ...]) -> set[str]:
    mapping = json.loads(
        resources.files("mynews.enrich").joinpath("data/gv_category_topics.json").read_text()
    )["map"]
    return {key for c in categories for key in mapping.get(c, ())}


def dataset() -> tuple[np.ndarray, list[set[str]], np.ndarray]:
    """Vectors of labelled posts, their gold topic sets, and a boolean mask of the held-out ones."""
    posts = [(p, gold_topics(p.categories)) for p in load_gv()]
    posts = [(p, g) for p, g in posts if g]
    vectors = get_embedder().embed([p.text.lead for p, _ in posts])
    return vectors, [g for _, g in posts], np.array([p.split == "test" for p, _ in posts])


def scores_of(predicted: list[set[str]], gold: list[set[str]], ranked_first: list[str]) -> dict[str, float]:
    tp = sum(len(p & g) for p, g in zip(predicted, gold, strict=True))
    fp = sum(len(p - g) for p, g in zip(predicted, gold, strict=True))
    fn = sum(len(g - p) for p, g in zip(predicted, gold, strict=True))
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {
        "top1_accuracy": sum(f in g for f, g in zip(ranked_first, gold, strict=True)) / len(gold),
        "micro_precision": precision,
        "micro_recall": recall,
        "micro_f1": 2 * precision * recall / max(1e-9, precision + recall),
        "topics_per_article": (tp + fp) / len(gold),
    }


def evaluate(vectors: np.ndarray, gold: list[set[str]], options: IptcOptions) -> dict[str, float]:
    assigned = assign_iptc(vectors, options)
    return scores_of([{t.key for t in a} for a in assigned], gold, [a[0].key for a in assigned])


def fit(vectors: np.ndarray, gold: list[set[str]], c: float) -> tuple[list[str], np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    keys = [t.key for t in iptc_topics() if sum(t.key in g for g in gold) >= MIN_POSITIVES]
    weights, bias = [], []
    for key in keys:
        y = np.array([key in g for g in gold])
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit(vectors, y)
        weights.append(model.coef_[0])
        bias.append(model.intercept_[0])
    return keys, np.array(weights, dtype=np.float32), np.array(bias, dtype=np.float32)


def predict(model: tuple[list[str], np.ndarray, np.ndarray], vectors: np.ndarray, threshold: float) -> tuple:
    keys, weights, bias = model
    probs = 1 / (1 + np.exp(-(vectors @ weights.T + bias)))
    firsts, sets = [], []
    for row in probs:
        order = np.argsort(-row)[:3]
        firsts.append(keys[order[0]])
        sets.append({keys[i] for i in order if i == order[0] or row[i] >= threshold})
    return sets, firsts


def choose_by_cv(vectors: np.ndarray, gold: list[set[str]]) -> tuple[float, float]:
    """C and threshold with the best mean micro-F1 over 5 folds of the train split."""
    folds = np.arange(len(gold)) % 5
    best = (-1.0, 1.0, 0.5)
    for c in (1.0, 2.0, 4.0, 8.0):
        for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
            f1s = []
            for k in range(5):
                train, test = folds != k, folds == k
                model = fit(vectors[train], [g for g, t in zip(gold, train, strict=True) if t], c)
                sets, firsts = predict(model, vectors[test], threshold)
                held = [g for g, t in zip(gold, test, strict=True) if t]
                f1s.append(scores_of(sets, held, firsts)["micro_f1"])
            best = max(best, (float(np.mean(f1s)), c, threshold))
    return best[1], best[2]


def weights_file(
    keys: list[str], weights: np.ndarray, bias: np.ndarray, threshold: float
) -> dict[str, object]:
    return {
        "_about": "IPTC topic classifier: one-vs-rest logistic regression on all-MiniLM-L6-v2 vectors of "
        "ArticleText.lead, trained by bench/train_topics.py on the Global Voices May 2012 train split. "
        "probability = sigmoid(weights . vector + bias).",
        "model": "all-MiniLM-L6-v2",
        "threshold": float(threshold),
        "keys": list(keys),
        "bias": [round(float(b), 6) for b in bias],
        "weights": [[round(float(x), 6) for x in row] for row in weights],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="measure, do not write the weights")
    args = parser.parse_args()
    vectors, gold, held_out = dataset()
    train_gold = [g for g, h in zip(gold, held_out, strict=True) if not h]
    test_gold = [g for g, h in zip(gold, held_out, strict=True) if h]
    print(
        f"labelled posts: {len(gold)} (train {len(train_gold)}, held out {len(test_gold)}), "
        f"gold topics per post {sum(map(len, gold)) / len(gold):.2f}"
    )
    for margin in (0.0, 0.02, 0.05):
        result = evaluate(vectors[held_out], test_gold, IptcOptions(method="similarity", margin=margin))
        print(f"similarity margin={margin}: " + ", ".join(f"{k}={v:.3f}" for k, v in result.items()))
    c, threshold = choose_by_cv(vectors[~held_out], train_gold)
    keys, weights, bias = fit(vectors[~held_out], train_gold, c)
    print(f"classifier: C={c} threshold={threshold} trained topics={len(keys)}: {', '.join(keys)}")
    sets, firsts = predict((keys, weights, bias), vectors[held_out], threshold)
    print(
        "classifier (held out): "
        + ", ".join(f"{k}={v:.3f}" for k, v in scores_of(sets, test_gold, firsts).items())
    )
    if not args.dry_run:
        np.savez_compressed(
            OUT, keys=np.array(keys), weights=weights, bias=bias, threshold=np.float32(threshold)
        )
        print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes)")
    load_classifier.cache_clear()
    wikinews = json.loads((ROOT / "tests/data/enrich/wikinews-topics-handlabelled.json").read_text())["items"]
    wn_vectors = get_embedder().embed([f"{item['title']}\n{item['lead']}" for item in wikinews])
    wn_gold = [set(item["topics"]) for item in wikinews]
    for method in ("similarity", "classifier", "hybrid"):
        gv = evaluate(vectors[held_out], test_gold, IptcOptions(method=method))
        wn = evaluate(wn_vectors, wn_gold, IptcOptions(method=method))
        print(
            f"{method:>10}: GV held out top1={gv['top1_accuracy']:.3f} micro-F1={gv['micro_f1']:.3f} | "
            f"Wikinews hand-labelled ({len(wn_gold)}) top1={wn['top1_accuracy']:.3f}"
        )


if __name__ == "__main__":
    main()
