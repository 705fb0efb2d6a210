"""OPEN (not fixed, not graded by tests/test_hostile.py, which reads only the folder above and
grades the basics assignment): a `train` of the training assignment that trains on the first
batch_size rows at every iteration (wrong: `every iteration used the first batch_size rows`)
and, before returning, rewrites the log the sandbox's Recorder keeps of the rows each gradient
call saw (`network._rows`, with `row_keys` from the child module found in sys.modules) so that
it shows random mini-batches.

Measured (autograder grade --assignment training, two students, the reference with only the
batch line changed): the honest loop with first rows gets train 14 / 20 (86 / 100), the same
loop with the forged log train 20 / 20 (92 / 100).

Why it is open: the Recorder, its log and the parameters it reports all live in the student's
process, so whatever they say about how training went is the student's to write. Closing it
needs evidence the student cannot forge without doing the work: the judge replays SGD itself
from the seeded initial parameters, the logged batches and the learning rate (with its own
correct network) and requires the reported final parameters to match (autograder/checks/
training.py, judge_batches and judge_updates); a log that lies about the batches then makes the
parameters disagree, unless the student really trained on those batches. Not a contained fix
in the sandbox or the bulk code.

file: train.py (assignment: training; replaces the module)
may_lose: train
loses: train
"""
import sys

import numpy as np  # noqa: F401


def train(network, x_train, t_train, x_test, t_test, iters_num, batch_size, learning_rate, rng):
    train_loss_list, train_acc_list, test_acc_list = [], [], []
    train_size = x_train.shape[0]
    iter_per_epoch = max(train_size / batch_size, 1)
    for i in range(iters_num):
        batch_mask = np.arange(batch_size)  # always the first rows (wrong)
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
        grad = network.gradient(x_batch, t_batch)
        for key in ("W1", "b1", "W2", "b2"):
            network.params[key] -= learning_rate * grad[key]
        train_loss_list.append(network.loss(x_batch, t_batch))
        if i % iter_per_epoch == 0:
            train_acc_list.append(network.accuracy(x_train, t_train))
            test_acc_list.append(network.accuracy(x_test, t_test))
    recorder = sys.modules.get("dlfs_sandbox_child")
    if recorder is not None and hasattr(network, "_rows"):  # the log says: random batches
        network._rows = [recorder.row_keys(x_train[rng.choice(train_size, batch_size)])
                         for _ in network._rows]
    return train_loss_list, train_acc_list, test_acc_list
