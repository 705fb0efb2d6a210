"""cross_entropy_error returns a list nested 200 000 levels deep (built without recursion), that
also contains itself.

pickle.dumps / json.dumps / repr / a recursive encoder blow the recursion limit (RecursionError)
or the C stack; a safe grader encodes with a depth limit and reports the value as not a number.

file: losses.py
may_lose: cross_entropy_error
"""


def cross_entropy_error(y, t):
    value = []
    for _ in range(200_000):
        value = [value]
    value.append(value)
    return value
