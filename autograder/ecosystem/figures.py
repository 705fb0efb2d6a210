"""The notebooks' figures, drawn with the student's own functions: activations and descent paths."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from autograder.feedback.plot_text import font_context
from autograder.feedback.plot_text import plot_gettext as _p
from autograder.i18n import _

__all__ = ["plot_activations", "plot_descent", "plot_losses", "plot_network_outputs", "watch_training"]


@font_context()  # labels in the language in force, with a font that has its glyphs
def plot_activations(step_function: Callable, sigmoid: Callable, relu: Callable):
    """Step, sigmoid and ReLU side by side on x in [-5, 5], as in the book's figures 3-6 to 3-9."""
    import matplotlib.pyplot as plt

    x = np.arange(-5.0, 5.0, 0.1)
    figure, axes = plt.subplots(1, 3, figsize=(12, 3.5))
    for axis, function, ylim in zip(axes, (step_function, sigmoid, relu),
                                    ((-0.1, 1.1), (-0.1, 1.1), (-1.0, 5.5)), strict=True):
        axis.set_title(function.__name__)
        axis.axhline(0, color="0.8", linewidth=0.8)
        axis.axvline(0, color="0.8", linewidth=0.8)
        try:
            y = np.asarray(function(x.copy()), dtype=float)
            axis.plot(x, y, linestyle="--" if function.__name__ == "step_function" else "-")
            axis.set_ylim(*ylim)
        except Exception as error:  # the student's function is not finished: say so on the plot
            axis.text(0.5, 0.5, _p("not ready yet:") + f"\n{type(error).__name__}", ha="center",
                      va="center", transform=axis.transAxes)
        axis.set_xlabel("x")
    figure.tight_layout()
    return figure


@font_context()
def plot_descent(gradient_descent: Callable, init_x: tuple[float, float] = (-3.0, 4.0),
                 lr: float = 0.1, step_num: int = 20):
    """The path of gradient_descent on the contour of x0^2 + x1^2 (the book's figure 4-10)."""
    import matplotlib.pyplot as plt

    def function_2(x):
        return x[0] ** 2 + x[1] ** 2

    figure, axis = plt.subplots(figsize=(5, 5))
    grid = np.linspace(-4.5, 4.5, 91)
    x0, x1 = np.meshgrid(grid, grid)
    axis.contour(x0, x1, x0 ** 2 + x1 ** 2, levels=[1, 4, 9, 16, 25], colors="0.7")
    axis.plot([-5, 5], [0, 0], "--b", linewidth=0.5)
    axis.plot([0, 0], [-5, 5], "--b", linewidth=0.5)
    try:
        _, history = gradient_descent(function_2, np.array(init_x, dtype=float), lr=lr,
                                      step_num=step_num)
        history = np.asarray(history, dtype=float)
        axis.plot(history[:, 0], history[:, 1], "o-", markersize=4)
    except Exception as error:  # unfinished, or returns only x: say so on the plot
        axis.text(0, 0, _p("not ready yet:") + f"\n{type(error).__name__}", ha="center", va="center")
    axis.set_xlim(-3.5, 3.5)
    axis.set_ylim(-4.5, 4.5)
    axis.set_xlabel("x0")
    axis.set_ylabel("x1")
    axis.set_title(_p("gradient_descent from {start}, lr = {lr}").format(start=init_x, lr=lr))
    return figure


@font_context()
def plot_network_outputs(forward: Callable, init_network: Callable):
    """The network's two outputs for inputs (x0, 0.5), x0 in [-3, 3], one batch through forward."""
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(6, 3.5))
    x0 = np.linspace(-3.0, 3.0, 61)
    try:
        y = np.asarray(forward(init_network(), np.column_stack([x0, np.full_like(x0, 0.5)])),
                       dtype=float)
        axis.plot(x0, y[:, 0], label="y[0]")
        axis.plot(x0, y[:, 1], label="y[1]")
        axis.axvline(1.0, color="0.7", linestyle=":", label=_p("the book's x = [1.0, 0.5]"))
        axis.legend()
    except Exception as error:  # unfinished: say so on the plot
        axis.text(0.5, 0.5, _p("not ready yet:") + f"\n{type(error).__name__}", ha="center", va="center",
                  transform=axis.transAxes)
    axis.set_xlabel("x0")
    axis.set_title("forward(init_network(), [x0, 0.5])")
    return figure


@font_context()
def plot_losses(mean_squared_error: Callable, cross_entropy_error: Callable):
    """Both losses of a one-hot answer as the right class's probability p goes from 0 to 1."""
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(6, 3.5))
    probabilities = np.linspace(0.01, 1.0, 100)
    t = np.array([0, 0, 1])
    for function in (mean_squared_error, cross_entropy_error):
        try:
            losses = [float(function(np.array([(1 - p) / 2, (1 - p) / 2, p]), t)) for p in probabilities]
            axis.plot(probabilities, losses, label=function.__name__)
        except Exception as error:  # unfinished: say so in the legend
            axis.plot([], [], label=_p("{name}: not ready yet ({error})").format(
                name=function.__name__, error=type(error).__name__))
    axis.set_xlabel(_p("probability of the right answer"))
    axis.set_ylabel(_p("loss"))
    axis.legend()
    return figure


def watch_training(TwoLayerNet: Callable, train: Callable, data: tuple, *, rounds: int = 15,  # noqa: N803
                   iterations: int = 10, batch_size: int = 50, learning_rate: float = 3.0) -> list[float]:
    """The student's `train` on their `TwoLayerNet`, `iterations` at a time: the loss per iteration
    and the accuracy on the test digits, redrawn as it trains; the test accuracies, in order."""
    import matplotlib.pyplot as plt
    from IPython.display import clear_output

    (x_train, t_train), (x_test, t_test) = data
    np.random.seed(0)
    network = TwoLayerNet(input_size=x_train.shape[1], hidden_size=20, output_size=t_train.shape[1])
    rng = np.random.default_rng(0)
    losses: list[float] = []
    accuracies: list[float] = []
    for _round in range(rounds):
        loss_list, _train_accuracies, _test_accuracies = train(
            network, x_train, t_train, x_test, t_test, iterations, batch_size, learning_rate, rng)
        losses += [float(loss) for loss in loss_list]
        accuracies.append(float(network.accuracy(x_test, t_test)))
        clear_output(wait=True)
        with font_context():
            figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3))
            left.plot(losses)
            left.set_xlabel(_p("iteration"))
            left.set_ylabel(_p("loss"))
            right.plot([iterations * (i + 1) for i in range(len(accuracies))], accuracies, marker="o")
            right.set_ylim(0, 1)
            right.set_xlabel(_p("iteration"))
            right.set_ylabel(_p("test accuracy"))
            plt.show()
    print(_("test accuracy after {count} iterations: {accuracy}").format(
        count=len(losses), accuracy=f"{accuracies[-1]:.3f}"))
    return accuracies
