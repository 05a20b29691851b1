#!/usr/bin/env python3
"""Reference arithmetic for the classic-control tests that pin last bits (docs/environments.md, bit-exact rules).

Plain Python floats are IEEE-754 doubles, and math.sin/cos/pow call the platform's libm, as NumPy 1.24's float64
scalars do on Linux; so this script evaluates each formula in the reference's own grouping without NumPy. It prints
the values that tests/Itt.Tests/Environments/BitExactClassicControlTests.cs pins. Run: python3 reference.py
"""
import math
import struct

def f32(x):
    """Round a double to float32, as NumPy's astype(np.float32) does."""
    return struct.unpack('f', struct.pack('f', x))[0]

# CartPole-v1: np.square first, then left to right.
def cartpole_step(s, action, grouping='reference'):
    x, x_dot, th, th_dot = s
    g, m_c, m_p, l, F, tau = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
    M = m_p + m_c
    mpl = m_p * l
    force = F if action == 1 else -F
    c, sn = math.cos(th), math.sin(th)
    if grouping == 'reference':
        temp = (force + mpl * (th_dot * th_dot) * sn) / M
        th_acc = (g * sn - c * temp) / (l * (4.0 / 3.0 - m_p * (c * c) / M))
    else:  # left to right without the squares grouped: ((m_p*c)*c)/M
        temp = (force + mpl * th_dot * th_dot * sn) / M
        th_acc = (g * sn - c * temp) / (l * (4.0 / 3.0 - m_p * c * c / M))
    x_acc = temp - mpl * th_acc * c / M
    return (x + tau * x_dot, x_dot + tau * x_acc, th + tau * th_dot, th_dot + tau * th_acc)

def balance(obs):
    """The test's balancing controller, on the float32 observation."""
    x, x_dot, th, th_dot = obs
    return 1 if 0.05 * x + 0.2 * x_dot + 3.0 * th + 0.6 * th_dot > 0 else 0

def cartpole_episode(start, steps, grouping='reference'):
    s = start
    for i in range(steps):
        obs = tuple(f32(v) for v in s)
        s = cartpole_step(s, balance(obs), grouping)
        if abs(s[0]) > 2.4 or abs(s[2]) > 12 * 2 * math.pi / 360:
            raise SystemExit(f'terminated at step {i + 1}')
    return s

# Acrobot-v1 "book" derivative with Python's x**2 (C pow) for the three variable squares.
def acrobot_derivative(s, a, square):
    m1 = m2 = l1 = 1.0; lc1 = lc2 = 0.5; I1 = I2 = 1.0; g = 9.8
    th1, th2, w1, w2 = s
    d1 = m1 * lc1 ** 2 + m2 * (l1 ** 2 + lc2 ** 2 + 2 * l1 * lc2 * math.cos(th2)) + I1 + I2
    d2 = m2 * (lc2 ** 2 + l1 * lc2 * math.cos(th2)) + I2
    phi2 = m2 * lc2 * g * math.cos(th1 + th2 - math.pi / 2.0)
    phi1 = (-m2 * l1 * lc2 * square(w2) * math.sin(th2) - 2 * m2 * l1 * lc2 * w2 * w1 * math.sin(th2)
            + (m1 * lc1 + m2 * l1) * g * math.cos(th1 - math.pi / 2) + phi2)
    a2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * square(w1) * math.sin(th2) - phi2) / (m2 * lc2 ** 2 + I2 - square(d2) / d1)
    a1 = -(d2 * a2 + phi1) / d1
    return (w1, w2, a1, a2), d2

def pendulum_reward(th, th_dot, u32):
    norm = ((th + math.pi) % (2 * math.pi)) - math.pi
    return -(norm ** 2 + 0.1 * th_dot ** 2 + 0.001 * (u32 * u32))

if __name__ == '__main__':
    start = (0.01, -0.02, 0.03, -0.04)
    ref = cartpole_episode(start, 500)
    alt = cartpole_episode(start, 500, 'left-to-right')
    print('cartpole 500 reference', [repr(v) for v in ref])
    print('cartpole 500 left-to-right', [repr(v) for v in alt])
