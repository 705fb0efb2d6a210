"""
file: gradients.py

The book's chapter scripts plot and print at import (ch04/gradient_method.py): graded all the
same, with a non-interactive backend and stdin closed.
"""
import matplotlib.pylab as plt


def function_2(x):
    return x[0]**2 + x[1]**2


init_x = np.array([-3.0, 4.0])
x, x_history = gradient_descent(function_2, init_x, lr=0.1, step_num=20)
print(x)

plt.plot([-5, 5], [0, 0], '--b')
plt.plot([0, 0], [-5, 5], '--b')
plt.plot(x_history[:, 0], x_history[:, 1], 'o')
plt.xlabel("X0")
plt.ylabel("X1")
plt.show()
