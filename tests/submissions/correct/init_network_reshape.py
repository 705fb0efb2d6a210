"""
file: network.py

init_network as one dict literal, the weights typed as whole numbers, reshaped and divided by 10.
"""


def init_network():
    return {
        'W1': np.array([1, 3, 5, 2, 4, 6]).reshape(2, 3) / 10,
        'b1': np.array([1, 2, 3]) / 10,
        'W2': np.array([[1, 4], [2, 5], [3, 6]]) / 10,
        'b2': np.array([1, 2]) / 10,
        'W3': np.array([[1, 3], [2, 4]]) / 10,
        'b3': np.array([1, 2]) / 10,
    }
