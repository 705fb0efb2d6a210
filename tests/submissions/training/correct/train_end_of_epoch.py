"""
file: train.py
replace: true
loses:

Accuracies recorded at the end of each epoch (after its last iteration), not at its start, and
the batch drawn with rng.integers.
"""
import numpy as np


def train(network, x_train, t_train, x_test, t_test, iters_num, batch_size, learning_rate, rng):
    train_loss_list, train_acc_list, test_acc_list = [], [], []
    train_size = len(x_train)
    iter_per_epoch = max(train_size // batch_size, 1)
    for i in range(1, iters_num + 1):
        batch_mask = rng.integers(0, train_size, batch_size)
        grad = network.gradient(x_train[batch_mask], t_train[batch_mask])
        for key in ('W1', 'b1', 'W2', 'b2'):
            network.params[key] -= learning_rate * grad[key]
        train_loss_list.append(network.loss(x_train[batch_mask], t_train[batch_mask]))
        if i % iter_per_epoch == 0:
            train_acc_list.append(network.accuracy(x_train, t_train))
            test_acc_list.append(network.accuracy(x_test, t_test))
    return train_loss_list, train_acc_list, test_acc_list
