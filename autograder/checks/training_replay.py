"""The judge's replay of a training run: gradient descent redone outside the student's process.

The Recorder that notes which rows each gradient call saw lives in the student's process
(autograder/sandbox/child.py), so its log is the student's to rewrite
(tests/submissions/hostile/training/forged_training_log.py). The parameters it reports are
too, but they cannot be made to agree with a false log without the work: the judge starts from
the parameters the seeded network began with, applies `params[key] -= learning_rate *
grad[key]` with the reference's gradient on each logged mini-batch in turn, and compares.
A loop that really did plain gradient descent on the logged batches ends where the replay ends,
up to rounding (REPLAY_RTOL); a log that claims other batches than the parameters were trained
on does not (autograder/checks/training.py, judge_replay).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.sandbox.child import row_keys

__all__ = ["NUDGE", "REPLAY_RTOL", "Replayed", "initial_params", "replay", "separate_keys"]

# How far an honest run may end from the replay, relative to the parameter's largest entry.
# The correct network the child builds and the reference do the same float64 operations in the
# same order, so an honest run ends at the replay's very bits (measured: 0.0 for the reference,
# the book's code and the six correct variants, public and hidden runs; `p = p - g * lr` too).
# A rounding difference stays at rounding's size: one ulp on every entry of the starting W1
# ends 3e-15 apart after the 150 steps at a learning rate of 3.0. A log that lies ends far
# away: one row of the last batch changed, 3e-2; one batch of 150 changed, 1e-1; the forged
# log of tests/submissions/hostile/training/forged_training_log.py, 1.6. 1e-9 lies six orders
# of magnitude above the first and seven below the second.
REPLAY_RTOL = 1e-9


def _reference_network() -> Any:
    """The reference's TwoLayerNet. Imported here, not above: the student bundle leaves the
    reference out (autograder/bundle.py), and there `train` gets the student's network and is
    never replayed."""
    from autograder.reference import reference_module
    return reference_module("two_layer_net").TwoLayerNet


def initial_params(input_size: int, hidden_size: int, output_size: int,
                   seed: int) -> dict[str, np.ndarray]:
    """The parameters of the network the sandbox built for train: the reference's TwoLayerNet
    made after np.random.seed(seed), as the child makes it (the judge's own random state is
    left as it was)."""
    network_class = _reference_network()
    state = np.random.get_state()
    try:
        np.random.seed(seed)
        network = network_class(input_size, hidden_size, output_size)
    finally:
        np.random.set_state(state)
    return {k: np.array(v, dtype=np.float64) for k, v in network.params.items()}


@dataclass(frozen=True)
class Replayed:
    """Gradient descent redone by the judge, and what the loop could have recorded on the way:
    the network's loss on each mini-batch, before and after its step, and its accuracies on the
    whole training and test sets after each number of steps (the loop records them with the
    same network, so an honest record is one of these to the bit)."""

    params: dict[str, np.ndarray]  # after the last step
    loss_before: np.ndarray  # [i]: the loss on mini-batch i before its step
    loss_after: np.ndarray  # [i]: after it
    train_accuracy: np.ndarray  # [s]: on x_train after s steps (s = 0 .. the number of batches)
    test_accuracy: np.ndarray


def replay(start: dict[str, np.ndarray], train: tuple[np.ndarray, np.ndarray],
           test: tuple[np.ndarray, np.ndarray], drawn: Sequence[np.ndarray],
           learning_rate: float, updated: Sequence[dict[str, bool]] | None = None) -> Replayed:
    """Plain gradient descent from `start`, one step per mini-batch of `drawn` (row indices of
    the training set), with the reference's gradient, loss and accuracy; where `updated` is
    given, step i moves only the parameters updated[i] names."""
    network_class = _reference_network()
    network = network_class.__new__(network_class)
    network.params = {k: v.copy() for k, v in start.items()}
    (x_train, t_train), (x_test, t_test) = train, test
    before, after, train_accuracy, test_accuracy = [], [], [], []
    with np.errstate(all="ignore"):  # a run that blew up ends in inf and nan, as the replay does
        for i, rows in enumerate([None, *drawn]):
            if rows is not None:
                x_batch, t_batch = x_train[rows], t_train[rows]
                before.append(network.loss(x_batch, t_batch))
                grad = network.gradient(x_batch, t_batch)
                for key in start:
                    if updated is None or updated[i - 1][key]:
                        network.params[key] -= learning_rate * grad[key]
                after.append(network.loss(x_batch, t_batch))
            train_accuracy.append(network.accuracy(x_train, t_train))
            test_accuracy.append(network.accuracy(x_test, t_test))
    return Replayed(network.params, *(np.array(values, dtype=float) for values in
                                      (before, after, train_accuracy, test_accuracy)))


# A training row is named in the log by its key (child.row_keys: a weighted sum of its pixels),
# and the keys of a few different digits coincide (5 pairs among the 1,437 training images), so
# the log could not say which of the two a batch held, and a replay that guesses ends far from
# an honest run (measured: 3 % to 40 % of the parameters' size after 150 steps at a learning
# rate of 3.0). The judge gives the later row of each such pair one pixel NUDGE brighter:
# its key then differs from every other (keys are multiples of 1/16, the nudge moves one by
# NUDGE times an integer weight below 2**20 that is no multiple of 2**16), every product and
# sum of row_keys stays exact (multiples of 2**-20 below 2**26), and the image changes by a
# millionth of the pixel range, far below anything a check measures.
NUDGE = 2.0 ** -20


def separate_keys(x_train: np.ndarray) -> np.ndarray:
    """x_train with the later row of every pair (or group) of rows whose keys coincide nudged
    (see NUDGE), so that every row has a key of its own; x_train itself when they already do."""
    x = x_train
    keys = row_keys(x)
    weights = row_keys(np.eye(x.shape[1]))
    pixel = int(np.flatnonzero(weights % 2.0 ** 16)[0])
    while len(np.unique(keys)) < len(keys):
        _, first = np.unique(keys, return_index=True)
        later = np.setdiff1d(np.arange(len(keys)), first)
        x = x.copy() if x is x_train else x
        x[later, pixel] += NUDGE
        keys = row_keys(x)
    return x
