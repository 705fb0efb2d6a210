"""
file: train.py
replace: true
loses:

np.random.randint for the batch (the rng argument unused), new dicts of parameters each
iteration (params[key] = params[key] - ...), and the loss recorded before the update.
"""
import numpy as np


def train(network, x_train, t_train, x_test, t_test, iters_num, batch_size, learning_rate, rng):
    train_loss_list, train_acc_list, test_acc_list = [], [], []
    train_size = x_train.shape[0]
    iter_per_epoch = max(train_size // batch_size, 1)
    for i in range(iters_num):
        idx = np.random.randint(0, train_size, size=batch_size)
        x_batch, t_batch = x_train[idx], t_train[idx]
        train_loss_list.append(float(network.loss(x_batch, t_batch)))
        grad = network.gradient(x_batch, t_batch)
        for key in grad:
            network.params[key] = network.params[key] - learning_rate * grad[key]
        if i % iter_per_epoch == 0:
            train_acc_list.append(network.accuracy(x_train, t_train))
            test_acc_list.append(network.accuracy(x_test, t_test))
    return train_loss_list, train_acc_list, test_acc_list
