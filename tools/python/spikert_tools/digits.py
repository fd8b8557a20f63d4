"""Shared parts of the unsupervised STDP digits demonstration (Diehl & Cook 2015 style).

The float simulation (`tools/python/examples/digits_stdp_float.py`) and the later
integer (SpikeRT) run must see *the same* data split, *the same* input spike trains
and *the same* readout, so that the only difference between their accuracies is the
network arithmetic. Everything that is not the network itself therefore lives here:

* the fixed train/test split of scikit-learn's bundled 8x8 digits (no download);
* rate coding: one Bernoulli spike train per (seed, phase, epoch, sample), drawn from
  its own seeded `numpy.random.Generator`, so a sample's spikes do not depend on the
  order of presentation, on how many samples came before it, or on which script
  (float or integer) asks for them;
* Diehl & Cook's readout: label assignment by highest average response per class,
  classification by the class whose assigned neurons respond most.

Only numpy (and scikit-learn for the data set) is needed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

N_INPUTS = 64          # 8 x 8 pixels, one input neuron per pixel
N_CLASSES = 10
PIXEL_MAX = 16         # load_digits pixels are integers 0 .. 16

# Phases of the spike-train seeds: a training presentation, the label-assignment pass
# over the training split, and the test pass. Distinct phases give independent spike
# trains for the same image.
PHASE_TRAIN = 0
PHASE_ASSIGN = 1
PHASE_TEST = 2


@dataclass(frozen=True)
class Split:
    """The fixed split: images as int64 pixel values 0..16, labels 0..9."""

    x_train: np.ndarray
    x_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray


def load_split(test_size: float = 0.25, random_state: int = 0) -> Split:
    """Digits split with `train_test_split(..., stratify=y)`: 1347 train, 450 test.

    Fixed (random_state=0, stratified) so every float and integer result in the
    project is measured on the same 450 test images.
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    x, y = load_digits(return_X_y=True)
    x = x.astype(np.int64)
    y = y.astype(np.int64)
    x_tr, x_te, y_tr, y_te = train_test_split(
        x, y, test_size=test_size, random_state=random_state, stratify=y)
    return Split(x_tr, x_te, y_tr, y_te)


def rate_probabilities(images: np.ndarray, p_max: float) -> np.ndarray:
    """Per-tick spike probability of each input: pixel / 16 * p_max.

    A linear map keeps the input statistics proportional to the image, which is what
    the learned weights (a prototype per neuron) end up mirroring.
    """
    return np.asarray(images, dtype=np.float64) / PIXEL_MAX * p_max


def rate_probabilities_q16(images: np.ndarray, p_max: float) -> np.ndarray:
    """The same probabilities in Q16 (65536 = always), the value a SpikeRT RATE encoder
    channel takes. Only for running the runtime's own encoder; the float/integer
    comparison should use `rate_spikes` (identical spikes on both sides)."""
    return np.round(rate_probabilities(images, p_max) * 65536).astype(np.int64)


def sample_rng(seed: int, phase: int, epoch: int, index: int) -> np.random.Generator:
    """The generator of one presentation: keyed by (seed, phase, epoch, sample index in
    its split), so a spike train is reproducible in isolation (any order, any script)."""
    return np.random.default_rng([int(seed), int(phase), int(epoch), int(index)])


def rate_spikes(image: np.ndarray, ticks: int, p_max: float,
                rng: np.random.Generator) -> np.ndarray:
    """Bernoulli rate code of one image: bool array (ticks, 64), spike iff u < p_k.

    One uniform draw per (tick, channel), ticks outer, channels inner, so the train
    is a pure function of the generator state.
    """
    p = rate_probabilities(image, p_max)
    return rng.random((ticks, N_INPUTS)) < p[None, :]


def presentation_spikes(split_images: np.ndarray, index: int, ticks: int, p_max: float,
                        seed: int, phase: int, epoch: int = 0) -> np.ndarray:
    """`rate_spikes` of sample `index` of a split with its keyed generator."""
    return rate_spikes(split_images[index], ticks, p_max,
                       sample_rng(seed, phase, epoch, index))


def epoch_order(n: int, seed: int, epoch: int) -> np.ndarray:
    """Presentation order of the training samples in an epoch (a seeded permutation):
    shuffling per epoch avoids the class blocks of an unshuffled order, which a
    competitive network would learn as a drift instead of as prototypes."""
    return np.random.default_rng([int(seed), 99, int(epoch)]).permutation(n)


def assign_labels(counts: np.ndarray, labels: np.ndarray,
                  n_classes: int = N_CLASSES) -> np.ndarray:
    """Diehl & Cook's assignment: each neuron gets the class for which its *average*
    spike count over the training presentations is highest.

    Averaging per class (not summing) keeps an unbalanced class from collecting the
    neurons. counts: (n_samples, n_neurons) spike counts with learning off.
    Returns (n_neurons,) int; -1 for a neuron that never fired (it votes for nothing).
    """
    counts = np.asarray(counts, dtype=np.float64)
    labels = np.asarray(labels)
    rates = np.zeros((n_classes, counts.shape[1]))
    for c in range(n_classes):
        sel = labels == c
        if sel.any():
            rates[c] = counts[sel].mean(axis=0)
    assignments = rates.argmax(axis=0)
    assignments[counts.sum(axis=0) == 0] = -1
    return assignments


def class_scores(counts: np.ndarray, assignments: np.ndarray, mode: str = "mean",
                 n_classes: int = N_CLASSES) -> np.ndarray:
    """Score of each class per sample: the mean (Diehl & Cook) or the sum of the spike
    counts of the neurons assigned to it. A class with no neuron scores -1, below any
    count, so it is never predicted. Returns (n_samples, n_classes)."""
    if mode not in ("mean", "sum"):
        raise ValueError(f"mode must be 'mean' or 'sum', not {mode!r}")
    counts = np.asarray(counts, dtype=np.float64)
    scores = np.full((counts.shape[0], n_classes), -1.0)
    for c in range(n_classes):
        sel = assignments == c
        if sel.any():
            total = counts[:, sel].sum(axis=1)
            scores[:, c] = total / sel.sum() if mode == "mean" else total
    return scores


def classify(counts: np.ndarray, assignments: np.ndarray, mode: str = "mean",
             n_classes: int = N_CLASSES) -> np.ndarray:
    """Predicted class per sample (argmax of `class_scores`, ties to the lower class).

    A sample that made no excitatory spike at all gets -1: it counts as wrong. (Diehl
    & Cook re-present such a sample with a stronger input; we do not, so that the
    integer runtime needs no second presentation, and the network is tuned to keep
    such samples rare; the scripts report how many there were.)
    """
    pred = class_scores(counts, assignments, mode, n_classes).argmax(axis=1)
    pred[np.asarray(counts).sum(axis=1) == 0] = -1
    return pred


def accuracy(pred: np.ndarray, labels: np.ndarray) -> float:
    """Fraction of correct predictions (a -1 prediction is always wrong)."""
    return float(np.mean(np.asarray(pred) == np.asarray(labels)))


def readout(counts_train: np.ndarray, y_train: np.ndarray, counts_test: np.ndarray,
            y_test: np.ndarray) -> dict:
    """The whole readout in one call: assignments from the training counts, then train
    and test accuracy for both scoring modes, plus the silent-sample counts."""
    assignments = assign_labels(counts_train, y_train)
    out = {"assignments": assignments}
    for mode in ("mean", "sum"):
        out[f"train_{mode}"] = accuracy(classify(counts_train, assignments, mode), y_train)
        out[f"test_{mode}"] = accuracy(classify(counts_test, assignments, mode), y_test)
    out["silent_train"] = int((np.asarray(counts_train).sum(axis=1) == 0).sum())
    out["silent_test"] = int((np.asarray(counts_test).sum(axis=1) == 0).sum())
    out["neurons_assigned"] = int((assignments >= 0).sum())
    out["neurons_per_class"] = np.bincount(assignments[assignments >= 0],
                                           minlength=N_CLASSES).tolist()
    return out
