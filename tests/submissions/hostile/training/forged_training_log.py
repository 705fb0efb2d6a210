"""
file: train.py
replace: true
loses: train

A `train` of the training assignment that trains on the first batch_size rows at every
iteration (wrong: `every iteration used the first batch_size rows`) and, before returning,
rewrites the log the sandbox's Recorder keeps of the rows each gradient call saw
(`network._rows`, with the child's `row_keys`, reached through the globals of the Recorder's
own methods) so that it shows
random mini-batches. Graded with the training assignment by tests/test_training.py (the
hostile corpus run of tests/test_hostile.py grades the basics assignment and reads only the
folder above).

Measured before the fix (tests/test_training.py's grading, the reference with only train
replaced): the honest loop with first rows gets 86 / 100 (train 14 / 28), the same loop with
the forged log 92 / 100 (train 20 / 28). With the replay: 80 / 100 (train 8 / 28):
random_batches, updates and the hidden runs fail on the replay, learns on its own.

Why the log alone cannot be trusted: the Recorder, its log and the parameters it reports all
live in the student's process. The fix (autograder/checks/training.py, judge_replay,
and training_replay.py): the judge replays gradient descent itself, from the seeded initial
parameters, on the batches the log claims, with the learning rate and its own correct gradient, and requires the parameters
train left to match. A log that lies about the batches then disagrees with the parameters,
unless the student really trained on those batches, and train.random_batches fails.
"""
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
    # the log says: random batches (row_keys is the child's, from the Recorder's own globals)
    row_keys = getattr(type(network).gradient, "__globals__", {}).get("row_keys")
    if row_keys is not None and hasattr(network, "_rows"):
        network._rows = [row_keys(x_train[rng.choice(train_size, batch_size)])
                         for _ in network._rows]
    return train_loss_list, train_acc_list, test_acc_list
