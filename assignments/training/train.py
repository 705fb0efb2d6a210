# Generated from solutions/training/train.py by `autograder stubs`: edit the solutions, not this file.
"""Mini-batch learning (the book's ch04/train_neuralnet.py) as a function."""
import numpy as np  # noqa: F401 - np.random.choice draws batches as well as rng.choice


def train(network, x_train, t_train, x_test, t_test, iters_num, batch_size, learning_rate, rng):
    """Train `network` (a TwoLayerNet) by stochastic gradient descent on mini-batches.

    Each of the iters_num iterations draws batch_size training rows at random
    (rng.choice(train_size, batch_size): a numpy.random.Generator; np.random.choice does as
    well), computes network.gradient on them, moves every parameter by -learning_rate times its
    gradient (in place, in network.params) and records the batch's loss. After every epoch
    (max(train_size / batch_size, 1) iterations, counted from the first one: iterations
    0, epoch, 2 epoch, ...) it records the accuracy on the whole training and test sets.
    t_train and t_test are one-hot.

    Returns (train_loss_list, train_acc_list, test_acc_list): lists of floats, the first with one
    loss per iteration, the others with one accuracy per epoch.
    """
    # YOUR CODE HERE
    raise NotImplementedError()
