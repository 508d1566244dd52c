"""The job-fit model: how likely an offer is the job a student is after, from named evidence.

`P(fit) = σ(a · Σ_f w_f · feature_f + b)`: a linear score over the features of `vte.fit_features`
(cosines of the texts, the ROME occupations they share, the words they share), learned from judged
pairs by `scripts/train_ranker.py` (pairwise logistic regression, then a one-dimensional
calibration of the score into a probability), and read from a versioned JSON file
(`vte/refdata/data/fit_model.json` by default, `VTE_FIT_MODEL_FILE` to use another).

Each feature's contribution is `w_f · (min(feature_f, cap_f) − mean_f)` in the units of the score (the
means are those of the training pairs), so an explanation can say which evidence raised or lowered
the fit. The words scores (BM25, TF-IDF: unbounded, unlike the cosines and the occupation
probabilities) are capped at the value below which 99 % of the training pairs lie (`caps`): a weight
learned where shared words mostly meant a look-alike trap is not extrapolated to offers written in
the student's very words, which it never saw (see `scripts/train_ranker.py`).

Pure: numpy only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_FILE = Path(__file__).resolve().parent / "refdata" / "data" / "fit_model.json"

FEATURES = (
    "cos_full",  # profile · offer (the whole texts)
    "cos_mission",  # profile · the offer's mission (without the company's introduction)
    "cos_wish_full",  # the student's wish · offer
    "cos_wish_mission",  # the student's wish · the offer's mission
    "bm25_full",  # BM25 of the profile's words in the offer
    "bm25_wish",  # BM25 of the wish's words in the offer
    "tfidf",  # TF-IDF cosine of profile and offer words
    "rome_code",  # P(same ROME code)
    "rome_metier",  # P(same métier)
    "rome_domain",  # P(same domaine professionnel)
    "rome_broad",  # P(same grand domaine)
    "rome_cos",  # cosine of the two occupation distributions
    "rome_soft",  # soft cosine: neighbouring codes count by their likeness (`CodeSimilarity`)
)
# What a user is told about: the features summed by kind of evidence.
GROUPS: dict[str, tuple[str, ...]] = {
    "occupation": ("rome_code", "rome_metier", "rome_domain", "rome_broad", "rome_cos", "rome_soft"),
    "mission": ("cos_full", "cos_mission", "cos_wish_full", "cos_wish_mission"),
    "words": ("bm25_full", "bm25_wish", "tfidf"),
}
# The evidence is computed in tiers (`vte.fit_features.offer_features`): the whole-text cosine and
# the métier for every feasible offer; the mission cosines for the best `PRESELECT_SIZE` of those;
# the rest for the best `FIRST_STAGE_SIZE` by the first-stage score. An offer left out of a tier
# gets the training mean of its features (no contribution). On the development set (~155 feasible
# offers per student) every offer gets everything; at 100k offers it keeps the request fast.
# The features capped at the training's `CAP_QUANTILE` percentile (`scripts/train_ranker.py`).
CAPPED = GROUPS["words"]
CAP_QUANTILE = 99.0
FIRST_STAGE = {"cos_full": 1.0, "cos_mission": 1.0, "cos_wish_mission": 1.0, "rome_metier": 0.5}
FIRST_STAGE_SIZE = 200
PRESELECT_SIZE = 2000


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -50.0, 50.0)))


@dataclass(frozen=True)
class FitModel:
    """Weights and means per feature, the calibration (a, b), the caps (largest value a feature
    counts with; none for a feature absent from `caps`), and where they come from."""

    weights: Mapping[str, float]
    means: Mapping[str, float]
    calibration: tuple[float, float]
    about: Mapping[str, Any] = field(default_factory=dict)
    caps: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self):
        missing = set(FEATURES) - set(self.weights) | set(FEATURES) - set(self.means)
        if missing:
            raise ValueError(f"fit model without weight or mean for {sorted(missing)}")

    @classmethod
    def load(cls, path: str | Path | None = None) -> FitModel:
        return _load(str(Path(path or DEFAULT_FILE).resolve()))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FitModel:
        return cls(
            weights={k: float(v) for k, v in data["weights"].items()},
            means={k: float(v) for k, v in data["means"].items()},
            calibration=(float(data["calibration"]["a"]), float(data["calibration"]["b"])),
            about=dict(data.get("about", {})),
            caps={k: float(v) for k, v in data.get("caps", {}).items()},
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "about": dict(self.about),
            "features": list(FEATURES),
            "weights": {k: round(float(self.weights[k]), 6) for k in FEATURES},
            "means": {k: round(float(self.means[k]), 6) for k in FEATURES},
            "calibration": {"a": round(self.calibration[0], 6), "b": round(self.calibration[1], 6)},
            "caps": {k: round(float(self.caps[k]), 6) for k in FEATURES if k in self.caps},
        }

    def capped(self, name: str, values) -> np.ndarray:
        """The values of a feature as the model counts them: float64, at most its cap. (This runs
        on every feasible offer of a request: the cap costs a pass only when a value exceeds it,
        and then no new array, as only the best offers of the first stage have their words
        scored.)"""
        given = values
        values = np.asarray(values, np.float64)
        cap = self.caps.get(name)
        if cap is not None and len(values) and values.max() > cap:
            if values is given:  # never change the caller's array
                values = values.copy()
            np.minimum(values, cap, out=values)
        return values

    def contributions(self, features: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Per feature: w · (min(value, cap) − training mean), one value per row."""
        return {name: self.weights[name] * (self.capped(name, features[name]) - self.means[name]) for name in FEATURES}

    def score(self, features: Mapping[str, np.ndarray]) -> np.ndarray:
        """The linear score Σ w·(f − mean) (the ranking order; 0 for an average pair)."""
        return sum(self.contributions(features).values())

    def probability(self, score: np.ndarray) -> np.ndarray:
        """P(fit) of a linear score."""
        a, b = self.calibration
        return sigmoid(a * np.asarray(score, np.float64) + b)

    def for_typed_query(self) -> FitModel:
        """The model a typed search is scored with: the words features that weigh *against* the fit
        weigh nothing. The model learned them on whole profiles, where an offer sharing many of the
        profile's words while the occupation differs is a look-alike; a typed query is the words the
        user wants to find (« acheteur »), and the occupation evidence already tells « contrôle
        qualité » from « contrôle de gestion ». Measured on the demo data (models/README.md): with
        the penalty, « acheteur » listed 14 « Responsable achats » offers and no « Acheteur … »;
        without it, 103 buyers' and purchasing offers and nothing else."""
        words = set(GROUPS["words"])
        weights = {name: 0.0 if name in words and w < 0 else w for name, w in self.weights.items()}
        return FitModel(weights, self.means, self.calibration, {**self.about, "typed_query": True}, self.caps)

    def grouped(self, contributions: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Contributions summed per kind of evidence (GROUPS)."""
        return {group: sum(contributions[name] for name in names) for group, names in GROUPS.items()}


@lru_cache(maxsize=4)
def _load(path: str) -> FitModel:
    return FitModel.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
