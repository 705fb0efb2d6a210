"""
file: train.py
replace: true
loses:

Mini-batches without replacement: the training set shuffled, then cut into batches.
"""
import numpy as np


def train(network, x_train, t_train, x_test, t_test, iters_num, batch_size, learning_rate, rng):
    losses, train_accs, test_accs = [], [], []
    n = len(x_train)
    per_epoch = max(n / batch_size, 1)
    order = rng.permutation(n)
    position = 0
    for i in range(iters_num):
        if position + batch_size > n:
            order, position = rng.permutation(n), 0
        batch = order[position:position + batch_size]
        position += batch_size
        grads = network.gradient(x_train[batch], t_train[batch])
        for name, value in network.params.items():
            value -= learning_rate * grads[name]
        losses.append(network.loss(x_train[batch], t_train[batch]))
        if i % per_epoch == 0:
            train_accs.append(network.accuracy(x_train, t_train))
            test_accs.append(network.accuracy(x_test, t_test))
    return losses, train_accs, test_accs
