"""Times gguf-py's GGUFReader on one file: open, parse the header, and sum what the facts need
(tensor types, elements, bytes). Prints one JSON line: {"median_ms": ..., "runs": N}.

Usage: python bench_gguf_py.py FILE RUNS
"""

import json
import statistics
import sys
import time
from collections import Counter

from gguf import GGUFReader


def facts(path):
    r = GGUFReader(path)
    types = Counter(t.tensor_type.name for t in r.tensors)
    return types, sum(int(t.n_elements) for t in r.tensors), sum(int(t.n_bytes) for t in r.tensors), len(r.fields)


def main():
    path, runs = sys.argv[1], int(sys.argv[2])
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        facts(path)
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"median_ms": statistics.median(times), "runs": runs}))


if __name__ == "__main__":
    main()
