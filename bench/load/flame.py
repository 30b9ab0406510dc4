"""The top lines of a py-spy flame profile (``py-spy record --format raw``: folded stacks, one per line).

``python -m bench.load.flame FILE [--top N]`` prints the frames (function and line) with the most
samples at the top of the stack (own), and the functions with the most samples anywhere on the stack
(total, each counted once per stack), as shares of all samples; ``--only quizapp`` keeps in the second
list the functions whose file path holds that word.

Recording the benchmark's server under the exam load (its gunicorn arbiter and workers)::

    py-spy record --pid ARBITER --subprocesses --nonblocking --format raw -o exam.folded -d 60
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path


def read_folded(path: Path) -> list[tuple[list[str], int]]:
    """(frames root first, samples) for each line of a folded-stacks file."""
    stacks = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks.append((stack.split(";"), int(count)))
    return stacks


def _without_line(frame: str) -> str:
    """``save (quizapp/x.py:12)`` -> ``save (quizapp/x.py)``."""
    name, _, rest = frame.partition(" (")
    return f"{name} ({rest.rsplit(':', 1)[0]})" if rest else name


def summarise(stacks: list[tuple[list[str], int]], only: str | None) -> tuple[int, Counter, Counter]:
    """(all samples, own samples by frame, total samples by frame)."""
    own: Counter = Counter()
    total: Counter = Counter()
    samples = 0
    for frames, count in stacks:
        samples += count
        own[frames[-1]] += count
        # A function counts once per stack, whichever of its lines the stack passed through.
        for function in {_without_line(frame) for frame in frames}:
            if only is None or only in function:
                total[function] += count
    return samples, own, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--only", default="quizapp", help="frames of the total list whose path holds this")
    args = parser.parse_args()
    samples, own, total = summarise(read_folded(args.file), args.only)
    print(f"{samples} samples")
    print("| own | frame |\n|--:|---|")
    for frame, count in own.most_common(args.top):
        print(f"| {100 * count / samples:.1f}% | `{frame}` |")
    print(f"\n| total | function ({args.only}) |\n|--:|---|")
    for frame, count in total.most_common(args.top):
        print(f"| {100 * count / samples:.1f}% | `{frame}` |")


if __name__ == "__main__":
    main()
