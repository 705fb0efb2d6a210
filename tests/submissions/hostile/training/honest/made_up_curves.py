"""
file: train.py
replace: true
loses: train

The honest counterpart of ../fits_the_test_digits.py: the same made-up curves, the network
left untouched (a learner who has not written the loop yet).
"""
import numpy as np


def train(network, x_train, t_train, x_test, t_test, iters_num, batch_size, learning_rate, rng):
    losses = list(np.linspace(2.3, 0.2, iters_num))
    epochs = len([i for i in range(iters_num) if i % max(x_train.shape[0] / batch_size, 1) == 0])
    accuracies = list(np.linspace(0.1, 0.9, epochs))
    return losses, accuracies, accuracies
