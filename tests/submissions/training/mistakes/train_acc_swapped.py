"""
file: train.py
replace: true
loses: train
mistake: train.accuracy_swapped

Each accuracy appended to the other list (as a learner who named them train_acc/test_acc the other way round).
"""
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
    train_loss_list = []
    train_acc_list = []
    test_acc_list = []

    train_size = x_train.shape[0]
    iter_per_epoch = max(train_size / batch_size, 1)

    for i in range(iters_num):
        batch_mask = rng.choice(train_size, batch_size)
        x_batch = x_train[batch_mask]
        t_batch = t_train[batch_mask]

        grad = network.gradient(x_batch, t_batch)

        for key in ('W1', 'b1', 'W2', 'b2'):
            network.params[key] -= learning_rate * grad[key]

        loss = network.loss(x_batch, t_batch)
        train_loss_list.append(loss)

        if i % iter_per_epoch == 0:
            train_acc = network.accuracy(x_train, t_train)
            test_acc = network.accuracy(x_test, t_test)
            train_acc_list.append(test_acc)
            test_acc_list.append(train_acc)

    return train_loss_list, train_acc_list, test_acc_list
