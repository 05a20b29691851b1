#!/usr/bin/env python3
"""A small OpenES peer for `itt train` on CartPole-v1: NumPy and Gymnasium only.

Policy: push right when w . obs > 0 (4 weights). Each iteration draws 6 antithetic pairs (12 episodes), shapes the
returns by centred ranks, and takes an Adam step; the mean w is evaluated once per iteration and the run stops when
that evaluation first returns the target (500, the episode cap). Prints one line: iterations, episodes, seconds.
"""
import argparse
import sys
import time

try:
    import numpy as np
except ImportError:
    sys.exit("openes_peer.py: NumPy is missing (Debian: apt-get install python3-numpy)")
try:
    import gymnasium as gym
except ImportError:
    sys.exit("openes_peer.py: Gymnasium is missing: pip install gymnasium, or from its repository: "
             "git clone https://github.com/Farama-Foundation/Gymnasium && pip install ./Gymnasium")


def episode(env, w, seed):
    obs, _ = env.reset(seed=seed)
    total = 0.0
    while True:
        obs, reward, terminated, truncated, _ = env.step(int(np.dot(w, obs) > 0))
        total += reward
        if terminated or truncated:
            return total


def centred_ranks(x):
    ranks = np.empty(len(x))
    ranks[np.argsort(x)] = np.arange(len(x))
    return ranks / (len(x) - 1) - 0.5


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--target", type=float, default=500.0)
    p.add_argument("--pairs", type=int, default=6)
    p.add_argument("--sigma", type=float, default=0.1)
    p.add_argument("--lr", type=float, default=0.03)
    p.add_argument("--max-iterations", type=int, default=1000)
    a = p.parse_args()
    start = time.perf_counter()
    rng = np.random.default_rng(a.seed)
    env = gym.make("CartPole-v1")
    w = np.zeros(4)
    m, v = np.zeros(4), np.zeros(4)
    episodes = 0
    for it in range(1, a.max_iterations + 1):
        base = a.seed * 1_000_000 + it * 100
        if episode(env, w, base) >= a.target:
            episodes += 1
            print(f"solved iteration {it} episodes {episodes} seconds {time.perf_counter() - start:.3f}")
            return 0
        eps = rng.standard_normal((a.pairs, 4))
        plus = [episode(env, w + a.sigma * e, base + 1 + k) for k, e in enumerate(eps)]
        minus = [episode(env, w - a.sigma * e, base + 1 + k) for k, e in enumerate(eps)]
        episodes += 1 + 2 * a.pairs
        shaped = centred_ranks(np.array(plus + minus))
        g = (shaped[:a.pairs] - shaped[a.pairs:]) @ eps / (2 * a.pairs * a.sigma)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w = w + a.lr * (m / (1 - 0.9 ** it)) / (np.sqrt(v / (1 - 0.999 ** it)) + 1e-8)
    print(f"not solved in {a.max_iterations} iterations, {time.perf_counter() - start:.3f} s")
    return 1


if __name__ == "__main__":
    sys.exit(main())
