"""Real handwritten digits, offline: the training assignment's data, as the book loads MNIST.

data/training/digits.npz is scikit-learn's copy of the UCI digits (8x8, 1,797 images; see
data/training/DATA_LICENSE.md), split once into 1,437 training and 360 test images.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from autograder.kit import assignment

__all__ = ["DIGITS_LEVELS", "digits_path", "load_digits"]

DIGITS_LEVELS = 16  # grey levels 0..16: normalize divides by this
IMAGE_SHAPE = (1, 8, 8)  # (channels, height, width), as load_mnist's (1, 28, 28)


def digits_path() -> Path:
    return assignment("training").data_dir / "digits.npz"


def load_digits(normalize: bool = True, flatten: bool = True, one_hot_label: bool = False,
                path: Path | None = None) -> tuple[tuple[np.ndarray, np.ndarray],
                                                    tuple[np.ndarray, np.ndarray]]:
    """((x_train, t_train), (x_test, t_test)), as the book's load_mnist returns MNIST.

    normalize: float64 pixels in [0, 1] (divided by 16) instead of the integers 0..16 (uint8).
    flatten: each image a row of 64 values; otherwise shaped (1, 8, 8).
    one_hot_label: the answers as one-hot rows of 10 (float64) instead of labels (uint8).
    """
    with np.load(path or digits_path()) as data:
        images = {name: data[f"x_{name}"] for name in ("train", "test")}
        labels = {name: data[f"t_{name}"] for name in ("train", "test")}
    for name, x in images.items():
        if normalize:
            x = x.astype(np.float64) / DIGITS_LEVELS
        images[name] = x if flatten else x.reshape(-1, *IMAGE_SHAPE)
    if one_hot_label:
        labels = {name: np.eye(10)[t] for name, t in labels.items()}
    return (images["train"], labels["train"]), (images["test"], labels["test"])
