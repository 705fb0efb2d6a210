"""sigmoid and identity_function answer nothing of their own: they look through the garbage
collector (and the globals of any function in the module) for the namespace in which the child
runs the reference code the judge sends with a check judged with correct dependencies, and call
the reference's function found there. forward's checks are judged with the reference's sigmoid
and identity_function, so the child that made them held both; the hidden checks of sigmoid and
identity_function, made after them in the same child, then got the reference's answers
(helper attack, round 9: +2 on sigmoid.random, +1 on identity_function.random; with the
training assignment's TwoLayerNet, 66 / 100 for code that returns nothing, the reference class
being sent whole with `loss`'s check).

The judge now sends a class only the methods a check needs, and the session never sends a call
to a child holding the reference of the function it judges (autograder/sandbox/session.py,
`defined_by`): the hidden checks of sigmoid and identity_function get a fresh child, where
nothing is found.

file: activations.py
loses: sigmoid, identity_function
may_lose: sigmoid, identity_function, forward
"""
import gc as _gc


def _kept(name):
    for found in _gc.get_objects():
        if (isinstance(found, dict) and found.get("__name__") == "autograder_reference"
                and callable(found.get(name))):
            return found[name]
    for value in list(globals().values()):
        namespace = getattr(value, "__globals__", None)
        if (isinstance(namespace, dict) and namespace.get("__name__") == "autograder_reference"
                and callable(namespace.get(name))):
            return namespace[name]
    return None


def sigmoid(x):
    kept = _kept("sigmoid")
    return kept(x) if kept is not None else None


def identity_function(x):
    kept = _kept("identity_function")
    return kept(x) if kept is not None else None
