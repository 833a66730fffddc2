"""A block whose temporaries reach its threshold: python examples/chained_temporaries.py"""

import numpy as np
import npguard as ng

with ng.memory_watcher("chained", threshold="5 MiB"):
    a = np.random.rand(10_000, 100)
    b = a * 2 + a.mean(axis=0) - 1

ng.report()
ng.suggest()
