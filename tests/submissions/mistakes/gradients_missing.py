"""
file: gradients.py
remove: true
loses: numerical_diff, numerical_gradient, gradient_descent
mistake: import.module_missing

gradients.py not handed in (sample class s011_han).
"""
