"""
file: activations.py
loses: step_function, sigmoid, relu, identity_function, softmax, init_network, forward
mistake: step_function.np_int, import.numpy_alias_removed

S1 at import: y.astype(np.int), and the module tries it out at top level, so importing
activations.py fails (k-zin, tomochi0905), and with it network.py, which imports activations.
"""


def step_function(x):
    y = x > 0
    return y.astype(np.int)


print(step_function(np.array([-1.0, 1.0, 2.0])))
