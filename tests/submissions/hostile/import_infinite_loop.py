"""An endless loop at module level: importing losses.py never returns.

file: losses.py
may_lose: mean_squared_error, cross_entropy_error
"""
while True:
    pass
