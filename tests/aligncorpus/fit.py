"""Fit the weights of `plancheck.compare.confidence` on generated pairs and print them.

`PYTHONPATH=tests .venv/bin/python -m aligncorpus.fit [COUNT] [SEED]`: every (old, new) task pair of
every generated plan pair is one example, labelled 1 when the truth pairs them (any kind). The model is
a logistic regression fitted by Newton's method with a small ridge penalty, every weight kept at 0 or
above (a signal that agrees more must never lower the confidence): a feature whose weight comes out
negative is left out and the rest fitted again.
"""
from __future__ import annotations

import sys

import numpy as np

from plancheck.compare.confidence import FEATURES, feature_stack
from plancheck.compare.similarity import compare_tasks

from .generate import generate_corpus

RIDGE = 1e-2


def examples(count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and labels of every task pair of `count` generated plan pairs."""
    rows, labels = [], []
    for pair in generate_corpus(count, seed):
        sim = compare_tasks(pair.baseline.tasks, pair.draft.tasks, genre=True)
        stack = feature_stack(sim)
        truth = np.zeros(sim.score.shape, dtype=bool)
        for i, j in pair.truth.pairs:
            truth[i - 1, j - 1] = True
        rows.append(stack.reshape(stack.shape[0], -1).T)
        labels.append(truth.ravel())
    return np.vstack(rows), np.concatenate(labels).astype(np.float64)


def fit_non_negative(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Intercept and weights, each weight at least 0 (negative ones dropped one at a time)."""
    active = list(range(x.shape[1]))
    while True:
        w = fit_logistic(x[:, active], y)
        worst = int(np.argmin(w[1:]))
        if w[1 + worst] >= 0:
            break
        del active[worst]
    full = np.zeros(x.shape[1] + 1)
    full[0] = w[0]
    full[[1 + k for k in active]] = w[1:]
    return full


def fit_logistic(x: np.ndarray, y: np.ndarray, iterations: int = 50) -> np.ndarray:
    """Intercept and weights maximising the penalised likelihood."""
    design = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(design.shape[1])
    penalty = RIDGE * np.eye(len(w))
    penalty[0, 0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-design @ w))
        gradient = design.T @ (y - p) - penalty @ w
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        w += step
        if np.abs(step).max() < 1e-8:
            break
    return w


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 60
    seed = int(argv[1]) if len(argv) > 1 else 11
    x, y = examples(count, seed)
    w = fit_non_negative(x, y)
    print(f"{len(y)} pairs, {int(y.sum())} true")
    print(f"INTERCEPT = {w[0]:.3f}")
    print("WEIGHTS = (" + ", ".join(f"{v:.3f}" for v in w[1:]) + ")  # " + ", ".join(FEATURES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
