"""
file: train.py
replace: true
loses: train

A `train` of the training assignment that never trains: it fits the output layer to the TEST
digits by least squares (the hidden layer random), writes those weights into network.params and
returns made-up curves of the right lengths: a loss falling from 2.3 to 0.2, accuracies rising
from 0.1 to 0.9 (helper attack, round 9).

Measured before the fix: train 12 / 28, against 4 / 28 for the same curves without the fit
(honest/made_up_curves.py): train.loss_falls read the reported losses and train.learns the
parameters train left, both the student's to make up. Now both count only a run the judge's
replay confirms (autograder/checks/training.py, confirmed_replay), and the loss that must fall
is the replay's own: train 4 / 28, as honest.
"""
import numpy as np


def train(network, x_train, t_train, x_test, t_test, iters_num, batch_size, learning_rate, rng):
    p = network.params
    W1 = np.random.default_rng(0).normal(0, 0.3, p['W1'].shape)
    H = 1 / (1 + np.exp(-(x_test @ W1)))
    H1 = np.hstack([H, np.ones((len(H), 1))])
    solution = np.linalg.lstsq(H1, t_test * 10.0, rcond=None)[0]
    p['W1'][...] = W1
    p['b1'][...] = 0
    p['W2'][...] = solution[:-1]
    p['b2'][...] = solution[-1]
    losses = list(np.linspace(2.3, 0.2, iters_num))
    epochs = len([i for i in range(iters_num) if i % max(x_train.shape[0] / batch_size, 1) == 0])
    accuracies = list(np.linspace(0.1, 0.9, epochs))
    return losses, accuracies, accuracies
