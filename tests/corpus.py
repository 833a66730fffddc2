"""Real snippets from public tutorials, documentation and exercise collections, each with its
source, used to judge the explainer on code it was not written for.

Each ``Snippet`` names where its code comes from (``origin``), the code that prepares its inputs
(``setup``, run first and not analysed) and the cell itself (``cell``, the code as written in the
source, with sizes scaled up so that its arrays matter; ``note`` says what was changed). Sizes are
chosen so that allocating lines make temporaries of a few MiB to about 100 MiB, with every snippet
peaking under about 400 MiB and running in well under a second. About a quarter of the snippets
make small or no temporaries on purpose: the explainer should stay quiet on them.

Groups (``id`` prefix):
  pdsh-    Python Data Science Handbook, NumPy chapters 02.xx (and 03.12 for NumPy/pandas eval)
  np100-   "100 numpy exercises" (rougier/numpy-100)
  npdoc-   NumPy's own documentation: user guide pages and docstring examples
  pd-      pandas documentation: "10 minutes to pandas", indexing, group-by, merge, constructors,
           reshaping
  fp2n-    "From Python to NumPy" (rougier/from-python-to-numpy)
  spl-     Scientific Python Lectures (scipy-lectures/scientific-python-lectures)
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Snippet:
    id: str
    origin: str
    setup: str
    cell: str
    note: str = ""


_PDSH = "Python Data Science Handbook, {} (jakevdp/PythonDataScienceHandbook, notebooks/{}.ipynb)"
_UFUNCS = _PDSH.format("02.03 Computation on NumPy Arrays: Universal Functions",
                       "02.03-Computation-on-arrays-ufuncs")
_AGG = _PDSH.format("02.04 Aggregations: min, max, and everything in between",
                    "02.04-Computation-on-arrays-aggregates")
_BCAST = _PDSH.format("02.05 Computation on Arrays: Broadcasting",
                      "02.05-Computation-on-arrays-broadcasting")
_MASKS = _PDSH.format("02.06 Comparisons, Masks, and Boolean Logic",
                      "02.06-Boolean-Arrays-and-Masks")
_FANCY = _PDSH.format("02.07 Fancy Indexing", "02.07-Fancy-Indexing")
_SORT = _PDSH.format("02.08 Sorting Arrays", "02.08-Sorting")
_STRUCT = _PDSH.format("02.09 Structured Data: NumPy's Structured Arrays",
                       "02.09-Structured-Data-NumPy")
_EVAL = _PDSH.format("03.12 High-Performance Pandas: eval() and query()",
                     "03.12-Performance-Eval-and-Query")


def _np100(number: int, title: str) -> str:
    return (f"100 numpy exercises, #{number} {title} "
            "(rougier/numpy-100, 100_Numpy_exercises_with_solutions.md)")


_TENMIN = "pandas docs, 10 minutes to pandas, {} (pandas-dev/pandas, doc/source/user_guide/10min.rst)"


CORPUS: list[Snippet] = [
    # ------------------------------------------------------------------ Python Data Science Handbook
    Snippet(
        id="pdsh-ufunc-reciprocal",
        origin=_UFUNCS + ", 'Introducing UFuncs'",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=1701)\n"
              "big_array = rng.integers(1, 100, size=4000000)\n",
        cell="1.0 / big_array\n",
        note="big_array size 1000000 -> 4000000; the %timeit prefix dropped.",
    ),
    Snippet(
        id="pdsh-ufunc-poly",
        origin=_UFUNCS + ", 'Array arithmetic'",
        setup="import numpy as np\n"
              "x = np.arange(4000000)\n",
        cell="-(0.5*x + 1) ** 2\n",
        note="x = np.arange(4) -> np.arange(4000000), moved to setup.",
    ),
    Snippet(
        id="pdsh-ufunc-out",
        origin=_UFUNCS + ", 'Specifying output'",
        setup="import numpy as np\n",
        cell="x = np.arange(4000000)\n"
             "y = np.empty(4000000)\n"
             "np.multiply(x, 10, out=y)\n",
        note="sizes 5 -> 4000000; print(y) dropped. Negative case: writes into a preallocated output.",
    ),
    Snippet(
        id="pdsh-ufunc-out-strided",
        origin=_UFUNCS + ", 'Specifying output'",
        setup="import numpy as np\n"
              "x = np.arange(2000000) % 50\n",
        cell="y = np.zeros(4000000)\n"
             "np.power(2, x, out=y[::2])\n",
        note="y size 10 -> 4000000, x (np.arange(5) in the source) -> 2000000 values kept below 50 so "
             "2**x stays exact; print(y) dropped. Negative case: output into a strided view.",
    ),
    Snippet(
        id="pdsh-ufunc-outer",
        origin=_UFUNCS + ", 'Outer products'",
        setup="import numpy as np\n",
        cell="x = np.arange(1, 2001)\n"
             "np.multiply.outer(x, x)\n",
        note="np.arange(1, 6) -> np.arange(1, 2001): a 2000x2000 int64 result (30.5 MiB).",
    ),
    Snippet(
        id="pdsh-ufunc-reduce",
        origin=_UFUNCS + ", 'Aggregations'",
        setup="import numpy as np\n",
        cell="x = np.arange(1, 4000001)\n"
             "np.add.reduce(x)\n"
             "np.multiply.reduce(x)\n",
        note="np.arange(1, 6) -> np.arange(1, 4000001). Negative case for memory (reductions only); "
             "the product wraps around int64 silently at this size.",
    ),
    Snippet(
        id="pdsh-agg-minmax",
        origin=_AGG + ", 'Minimum and Maximum'",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=0)\n"
              "big_array = rng.random(4000000)\n",
        cell="np.min(big_array), np.max(big_array)\n"
             "print(big_array.min(), big_array.max(), big_array.sum())\n",
        note="big_array size 1000000 -> 4000000 (the source uses an unseeded default_rng). "
             "Negative case: reductions only. The cell with the builtin min(big_array), max(big_array) "
             "is left out: a Python loop over 4000000 elements takes seconds.",
    ),
    Snippet(
        id="pdsh-agg-axis",
        origin=_AGG + ", 'Multidimensional aggregates'",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=0)\n"
              "M = rng.integers(0, 10, (3000, 4000))\n",
        cell="M.sum()\n"
             "M.min(axis=0)\n"
             "M.max(axis=1)\n",
        note="M shape (3, 4) -> (3000, 4000); print(M) dropped. Negative case: reductions only.",
    ),
    Snippet(
        id="pdsh-agg-heights",
        origin=_AGG + ", 'Example: What Is the Average Height of US Presidents?'",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=0)\n"
              "heights = rng.normal(180, 7, size=4000000)\n",
        cell='print("Mean height:       ", heights.mean())\n'
             'print("Standard deviation:", heights.std())\n'
             'print("Minimum height:    ", heights.min())\n'
             'print("Maximum height:    ", heights.max())\n'
             'print("25th percentile:   ", np.percentile(heights, 25))\n'
             'print("Median:            ", np.median(heights))\n'
             'print("75th percentile:   ", np.percentile(heights, 75))\n',
        note="heights read from data/president_heights.csv (42 values) in the source; replaced by "
             "4000000 normal draws. Prints scalars only. std/percentile/median copy inside the call.",
    ),
    Snippet(
        id="pdsh-bcast-center",
        origin=_BCAST + ", 'Centering an array'",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=1701)\n"
              "X = rng.random((2000000, 3))\n",
        cell="Xmean = X.mean(0)\n"
             "X_centered = X - Xmean\n"
             "X_centered.mean(0)\n",
        note="X shape (10, 3) -> (2000000, 3).",
    ),
    Snippet(
        id="pdsh-bcast-2d-function",
        origin=_BCAST + ", 'Plotting a two-dimensional function'",
        setup="import numpy as np\n",
        cell="# x and y have 50 steps from 0 to 5\n"
             "x = np.linspace(0, 5, 2000)\n"
             "y = np.linspace(0, 5, 2000)[:, np.newaxis]\n"
             "\n"
             "z = np.sin(x) ** 10 + np.cos(10 + y * x) * np.cos(x)\n",
        note="50 steps -> 2000 (z is 2000x2000 float64, 30.5 MiB); the comment kept as written; "
             "the plotting cell dropped.",
    ),
    Snippet(
        id="pdsh-bcast-newaxis",
        origin=_BCAST + ", 'Broadcasting example 3' and the logaddexp aside",
        setup="import numpy as np\n"
              "M = np.ones((2000000, 2))\n"
              "a = np.arange(2000000)\n",
        cell="a[:, np.newaxis].shape\n"
             "M + a[:, np.newaxis]\n"
             "np.logaddexp(M, a[:, np.newaxis])\n",
        note="M = np.ones((3, 2)), a = np.arange(3) -> 2000000 rows.",
    ),
    Snippet(
        id="pdsh-mask-count",
        origin=_MASKS + ", 'Working with Boolean Arrays'",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=1701)\n"
              "x = rng.integers(10, size=(2000, 2000))\n",
        cell="# how many values less than 6?\n"
             "np.count_nonzero(x < 6)\n"
             "np.sum(x < 6, axis=1)\n"
             "np.any(x > 8)\n"
             "np.all(x < 8, axis=1)\n",
        note="x shape (3, 4) -> (2000, 2000) int64; cells 26-37 joined. Near-negative case: each mask "
             "is 3.8 MiB of bool, an eighth of x.",
    ),
    Snippet(
        id="pdsh-mask-rain",
        origin=_MASKS + ", 'Boolean operators'",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=0)\n"
              "rainfall_mm = rng.gamma(0.5, 8.0, size=8000000)\n",
        cell="np.sum((rainfall_mm > 10) & (rainfall_mm < 20))\n"
             "np.sum(~( (rainfall_mm <= 10) | (rainfall_mm >= 20) ))\n",
        note="rainfall_mm was Seattle 2015 precipitation (365 values, vega_datasets); replaced by "
             "8000000 gamma draws (61 MiB). The masks are bool: 7.6 MiB each.",
    ),
    Snippet(
        id="pdsh-mask-select",
        origin=_MASKS + ", 'Boolean Arrays as Masks'",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=1701)\n"
              "x = rng.integers(10, size=(2000, 2000))\n",
        cell="x < 5\n"
             "x[x < 5]\n",
        note="x shape (3, 4) -> (2000, 2000).",
    ),
    Snippet(
        id="pdsh-fancy-rowcol",
        origin=_FANCY + ", 'Exploring Fancy Indexing'",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=1701)\n",
        cell="X = np.arange(4000000).reshape((2000, 2000))\n"
             "row = rng.integers(0, 2000, size=2000)\n"
             "col = rng.integers(0, 2000, size=2000)\n"
             "X[row, col]\n"
             "X[row[:, np.newaxis], col]\n"
             "row[:, np.newaxis] * col\n",
        note="X = np.arange(12).reshape((3, 4)) -> 2000x2000; row/col literals [0, 1, 2]/[2, 1, 3] -> "
             "2000 random indices each.",
    ),
    Snippet(
        id="pdsh-fancy-random-points",
        origin=_FANCY + ", 'Example: Selecting Random Points'",
        setup="import numpy as np\n"
              "np.random.seed(0)\n"
              "rng = np.random.default_rng(seed=1701)\n"
              "mean = [0, 0]\n"
              "cov = [[1, 2],\n"
              "       [2, 5]]\n"
              "X = rng.multivariate_normal(mean, cov, 2000000)\n",
        cell="indices = np.random.choice(X.shape[0], 200000, replace=False)\n"
             "selection = X[indices]  # fancy indexing here\n"
             "selection.shape\n",
        note="100 points -> 2000000 (30.5 MiB), 20 chosen -> 200000; choice without replacement "
             "permutes all 2000000 indices inside the call.",
    ),
    Snippet(
        id="pdsh-fancy-add-at",
        origin=_FANCY + ", 'Modifying Values with Fancy Indexing'",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=1701)\n"
              "x = np.zeros(1000000)\n"
              "i = rng.integers(0, 1000000, size=2000000)\n",
        cell="x[i] += 1\n"
             "x = np.zeros(1000000)\n"
             "np.add.at(x, i, 1)\n",
        note="x size 10 -> 1000000; i = [2, 3, 3, 4, 4, 4] -> 2000000 random indices; cells 45 and 47 "
             "joined, print(x) dropped.",
    ),
    Snippet(
        id="pdsh-fancy-histogram-by-hand",
        origin=_FANCY + ", 'Example: Binning Data'",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=1701)\n"
              "x = rng.normal(size=2000000)\n",
        cell="# compute a histogram by hand\n"
             "bins = np.linspace(-5, 5, 20)\n"
             "counts = np.zeros_like(bins)\n"
             "\n"
             "# find the appropriate bin for each x\n"
             "i = np.searchsorted(bins, x)\n"
             "# add 1 to each of these bins\n"
             "np.add.at(counts, i, 1)\n",
        note="x size 100 -> 2000000, moved to setup (with this seed no draw passes 5, the last bin "
             "edge, so every index is in range); one blank line between the last two steps dropped "
             "to stay within 8 lines.",
    ),
    Snippet(
        id="pdsh-fancy-histogram-compare",
        origin=_FANCY + ", 'Example: Binning Data' (the 1000000-point timing cell)",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=1701)\n"
              "bins = np.linspace(-5, 5, 20)\n"
              "counts = np.zeros_like(bins)\n"
              "x = rng.normal(size=2000000)\n",
        cell="np.histogram(x, bins)\n"
             "np.add.at(counts, np.searchsorted(bins, x), 1)\n",
        note="x size 1000000 -> 2000000; %timeit prefixes and the print lines dropped. The source's "
             "`counts, edges = ` target is dropped too: under %timeit it never rebound `counts`, "
             "which the second line needs at its 20-bin size.",
    ),
    Snippet(
        id="pdsh-sort-copy",
        origin=_SORT + ", 'Fast Sorting in NumPy: np.sort and np.argsort'",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=42)\n"
              "x = rng.random(2000000)\n",
        cell="np.sort(x)\n"
             "x.sort()\n",
        note="x = np.array([2, 1, 4, 3, 5]) -> 2000000 random floats; print(x) dropped.",
    ),
    Snippet(
        id="pdsh-argsort-take",
        origin=_SORT + ", 'Fast Sorting in NumPy: np.sort and np.argsort'",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=42)\n"
              "x = rng.random(2000000)\n",
        cell="i = np.argsort(x)\n"
             "x[i]\n",
        note="x = np.array([2, 1, 4, 3, 5]) -> 2000000 random floats; print(i) dropped.",
    ),
    Snippet(
        id="pdsh-sort-partition-axis",
        origin=_SORT + ", 'Sorting along rows or columns' and 'Partial Sorts: Partitioning'",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=42)\n"
              "X = rng.integers(0, 10, (1000, 2000))\n",
        cell="# sort each column of X\n"
             "np.sort(X, axis=0)\n"
             "# sort each row of X\n"
             "np.sort(X, axis=1)\n"
             "np.partition(X, 2, axis=1)\n",
        note="X shape (4, 6) -> (1000, 2000) int64 (15.3 MiB).",
    ),
    Snippet(
        id="pdsh-knn-one-line",
        origin=_SORT + ", 'Example: k-Nearest Neighbors'",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=42)\n"
              "X = rng.random((1500, 2))\n",
        cell="dist_sq = np.sum((X[:, np.newaxis] - X[np.newaxis, :]) ** 2, axis=-1)\n",
        note="X shape (10, 2) -> (1500, 2): the (1500, 1500, 2) difference is 34.3 MiB.",
    ),
    Snippet(
        id="pdsh-knn-steps",
        origin=_SORT + ", 'Example: k-Nearest Neighbors' (the step-by-step cells)",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=42)\n"
              "X = rng.random((1500, 2))\n",
        cell="# for each pair of points, compute differences in their coordinates\n"
             "differences = X[:, np.newaxis] - X[np.newaxis, :]\n"
             "# square the coordinate differences\n"
             "sq_differences = differences ** 2\n"
             "# sum the coordinate differences to get the squared distance\n"
             "dist_sq = sq_differences.sum(-1)\n"
             "dist_sq.diagonal()\n",
        note="X shape (10, 2) -> (1500, 2); the .shape display lines dropped.",
    ),
    Snippet(
        id="pdsh-knn-argsort",
        origin=_SORT + ", 'Example: k-Nearest Neighbors' (nearest neighbours)",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=42)\n"
              "X = rng.random((1500, 2))\n"
              "dist_sq = np.sum((X[:, np.newaxis] - X[np.newaxis, :]) ** 2, axis=-1)\n",
        cell="nearest = np.argsort(dist_sq, axis=1)\n"
             "K = 2\n"
             "nearest_partition = np.argpartition(dist_sq, K + 1, axis=1)\n",
        note="X shape (10, 2) -> (1500, 2); print(nearest) dropped.",
    ),
    Snippet(
        id="pdsh-struct-select",
        origin=_STRUCT + ", 'Introducing Structured Arrays' and 'RecordArrays'",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(seed=0)\n"
              "data = np.zeros(1000000, dtype={'names':('name', 'age', 'weight'),\n"
              "                                'formats':('U10', 'i4', 'f8')})\n"
              "data['name'] = np.array(['Alice', 'Bob', 'Cathy', 'Doug'])[rng.integers(0, 4, 1000000)]\n"
              "data['age'] = rng.integers(18, 70, 1000000)\n"
              "data['weight'] = rng.normal(70, 10, 1000000)\n",
        cell="# Get all names\n"
             "data['name']\n"
             "# Get names where age is under 30\n"
             "data[data['age'] < 30]['name']\n"
             "data_rec = data.view(np.recarray)\n"
             "data_rec.age\n",
        note="4 records -> 1000000 (52 bytes each, 49.6 MiB), filled from the source's four names.",
    ),
    Snippet(
        id="pdsh-eval-mask",
        origin=_EVAL + ", 'Motivating query() and eval(): Compound Expressions'",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(42)\n"
              "x = rng.random(4000000)\n"
              "y = rng.random(4000000)\n",
        cell="x + y\n"
             "mask = (x > 0.5) & (y < 0.5)\n"
             "tmp1 = (x > 0.5)\n"
             "tmp2 = (y < 0.5)\n"
             "mask = tmp1 & tmp2\n",
        note="x, y size 1000000 -> 4000000; %timeit dropped from the first line; cells 3-9 joined.",
    ),
    # ------------------------------------------------------------------ 100 numpy exercises
    Snippet(
        id="np100-16-pad-border",
        origin=_np100(16, "How to add a border (filled with 0's) around an existing array?"),
        setup="import numpy as np\n",
        cell="Z = np.ones((2000,2000))\n"
             "Z = np.pad(Z, pad_width=1, mode='constant', constant_values=0)\n"
             "\n"
             "# Using fancy indexing\n"
             "Z[:, [0, -1]] = 0\n"
             "Z[[0, -1], :] = 0\n",
        note="(5,5) -> (2000,2000); print(Z) lines dropped.",
    ),
    Snippet(
        id="np100-22-normalize",
        origin=_np100(22, "Normalize a 5x5 random matrix"),
        setup="import numpy as np\n"
              "np.random.seed(0)\n",
        cell="Z = np.random.random((2000,2000))\n"
             "Z = (Z - np.mean (Z)) / (np.std (Z))\n",
        note="(5,5) -> (2000,2000); print(Z) dropped.",
    ),
    Snippet(
        id="np100-25-negate-range",
        origin=_np100(25, "Given a 1D array, negate all elements which are between 3 and 8, in place"),
        setup="import numpy as np\n",
        cell="Z = np.arange(4000000)\n"
             "Z[(3 < Z) & (Z < 8)] *= -1\n",
        note="np.arange(11) -> np.arange(4000000); print(Z) dropped. Near-negative case: the masks "
             "are bool (3.8 MiB) and only 4 elements are selected.",
    ),
    Snippet(
        id="np100-35-inplace",
        origin=_np100(35, "How to compute ((A+B)*(-A/2)) in place (without copy)?"),
        setup="import numpy as np\n",
        cell="A = np.ones(4000000)*1\n"
             "B = np.ones(4000000)*2\n"
             "np.add(A,B,out=B)\n"
             "np.divide(A,2,out=A)\n"
             "np.negative(A,out=A)\n"
             "np.multiply(A,B,out=A)\n",
        note="np.ones(3) -> np.ones(4000000). The out= lines are in place; `np.ones(n)*1` is not.",
    ),
    Snippet(
        id="np100-36-integer-part",
        origin=_np100(36, "Extract the integer part of a random array of positive numbers using 4 "
                          "different methods"),
        setup="import numpy as np\n"
              "np.random.seed(0)\n",
        cell="Z = np.random.uniform(0,10,4000000)\n"
             "\n"
             "Z - Z%1\n"
             "Z // 1\n"
             "np.floor(Z)\n"
             "Z.astype(int)\n"
             "np.trunc(Z)\n",
        note="size 10 -> 4000000; each print(expr) replaced by the bare expression (as displayed in "
             "a notebook), since printing a 4000000-element array is display only.",
    ),
    Snippet(
        id="np100-44-polar",
        origin=_np100(44, "Consider a random 10x2 matrix representing cartesian coordinates, convert "
                          "them to polar coordinates"),
        setup="import numpy as np\n"
              "np.random.seed(0)\n",
        cell="Z = np.random.random((2000000,2))\n"
             "X,Y = Z[:,0], Z[:,1]\n"
             "R = np.sqrt(X**2+Y**2)\n"
             "T = np.arctan2(Y,X)\n",
        note="(10,2) -> (2000000,2); print lines dropped.",
    ),
    Snippet(
        id="np100-47-cauchy",
        origin=_np100(47, "Given two arrays, X and Y, construct the Cauchy matrix C (Cij =1/(xi - yj))"),
        setup="import numpy as np\n",
        cell="X = np.arange(2000)\n"
             "Y = X + 0.5\n"
             "C = 1.0 / np.subtract.outer(X, Y)\n",
        note="np.arange(8) -> np.arange(2000); print(np.linalg.det(C)) dropped (an O(n^3) "
             "determinant of a 2000x2000 matrix is too slow for the corpus).",
    ),
    Snippet(
        id="np100-52-distances",
        origin=_np100(52, "Consider a random vector with shape (100,2) representing coordinates, find "
                          "point by point distances"),
        setup="import numpy as np\n"
              "np.random.seed(0)\n",
        cell="Z = np.random.random((2000,2))\n"
             "X,Y = np.atleast_2d(Z[:,0], Z[:,1])\n"
             "D = np.sqrt( (X-X.T)**2 + (Y-Y.T)**2)\n",
        note="(10,2) -> (2000,2): D is 2000x2000 float64; the scipy variant and print lines dropped.",
    ),
    Snippet(
        id="np100-56-gaussian",
        origin=_np100(56, "Generate a generic 2D Gaussian-like array"),
        setup="import numpy as np\n",
        cell="X, Y = np.meshgrid(np.linspace(-1,1,2000), np.linspace(-1,1,2000))\n"
             "D = np.sqrt(X*X+Y*Y)\n"
             "sigma, mu = 1.0, 0.0\n"
             "G = np.exp(-( (D-mu)**2 / ( 2.0 * sigma**2 ) ) )\n",
        note="10 steps -> 2000; print(G) dropped.",
    ),
    Snippet(
        id="np100-58-row-mean",
        origin=_np100(58, "Subtract the mean of each row of a matrix"),
        setup="import numpy as np\n"
              "np.random.seed(0)\n",
        cell="X = np.random.rand(2000, 2000)\n"
             "\n"
             "# Recent versions of numpy\n"
             "Y = X - X.mean(axis=1, keepdims=True)\n"
             "\n"
             "# Older versions of numpy\n"
             "Y = X - X.mean(axis=1).reshape(-1, 1)\n",
        note="(5, 10) -> (2000, 2000); print(Y) dropped.",
    ),
    Snippet(
        id="np100-59-sort-by-column",
        origin=_np100(59, "How to sort an array by the nth column?"),
        setup="import numpy as np\n"
              "np.random.seed(0)\n",
        cell="Z = np.random.randint(0,10,(2000000,3))\n"
             "Z[Z[:,1].argsort()]\n",
        note="(3,3) -> (2000000,3); print(Z) dropped, print(Z[...]) kept as the bare expression.",
    ),
    Snippet(
        id="np100-64-bincount-add",
        origin=_np100(64, "Consider a given vector, how to add 1 to each element indexed by a second "
                          "vector (be careful with repeated indices)?"),
        setup="import numpy as np\n"
              "np.random.seed(0)\n",
        cell="Z = np.ones(1000000)\n"
             "I = np.random.randint(0,len(Z),2000000)\n"
             "Z += np.bincount(I, minlength=len(Z))\n"
             "\n"
             "# Another solution\n"
             "np.add.at(Z, I, 1)\n",
        note="Z size 10 -> 1000000, I size 20 -> 2000000; print lines and author comments dropped.",
    ),
    Snippet(
        id="np100-66-unique-colors",
        origin=_np100(66, "Considering a (w,h,3) image of (dtype=ubyte), compute the number of unique "
                          "colors (faster version)"),
        setup="import numpy as np\n"
              "np.random.seed(0)\n",
        cell="w, h = 1024, 1024\n"
             "I = np.random.randint(0,4,(h,w,3), dtype=np.uint8)\n"
             "\n"
             "# View each pixel as a single 24-bit integer, rather than three 8-bit bytes\n"
             "I24 = np.dot(I.astype(np.uint32),[1,256,65536])\n"
             "\n"
             "# Count unique colours\n"
             "n = len(np.unique(I24))\n",
        note="w, h = 256, 256 -> 1024, 1024; print(n) dropped.",
    ),
    Snippet(
        id="np100-68-subset-means",
        origin=_np100(68, "Considering a one-dimensional vector D, how to compute means of subsets of D "
                          "using a vector S of same size describing subset indices?"),
        setup="import numpy as np\n"
              "import pandas as pd\n"
              "np.random.seed(0)\n",
        cell="D = np.random.uniform(0,1,4000000)\n"
             "S = np.random.randint(0,10,4000000)\n"
             "D_sums = np.bincount(S, weights=D)\n"
             "D_counts = np.bincount(S)\n"
             "D_means = D_sums / D_counts\n"
             "\n"
             "# Pandas solution as a reference due to more intuitive code\n"
             "pd.Series(D).groupby(S).mean()\n",
        note="sizes 100 -> 4000000; print() wrappers dropped, `import pandas as pd` moved to setup. "
             "The bincount lines make no temporaries (negative for them).",
    ),
    Snippet(
        id="np100-71-broadcast-3d",
        origin=_np100(71, "Consider an array of dimension (5,5,3), how to multiply it by an array with "
                          "dimensions (5,5)?"),
        setup="import numpy as np\n",
        cell="A = np.ones((1000,1000,3))\n"
             "B = 2*np.ones((1000,1000))\n"
             "A * B[:,:,None]\n",
        note="(5,5,3) -> (1000,1000,3); print(...) replaced by the bare expression.",
    ),
    Snippet(
        id="np100-72-swap-rows",
        origin=_np100(72, "How to swap two rows of an array?"),
        setup="import numpy as np\n",
        cell="A = np.arange(4000000).reshape(2000,2000)\n"
             "A[[0,1]] = A[[1,0]]\n",
        note="np.arange(25).reshape(5,5) -> 2000x2000; print(A) dropped. Negative case: only two "
             "rows are copied.",
    ),
    Snippet(
        id="np100-75-moving-average",
        origin=_np100(75, "How to compute averages using a sliding window over an array?"),
        setup="import numpy as np\n",
        cell="def moving_average(a, n=3) :\n"
             "    ret = np.cumsum(a, dtype=float)\n"
             "    ret[n:] = ret[n:] - ret[:-n]\n"
             "    return ret[n - 1:] / n\n"
             "Z = np.arange(4000000)\n"
             "moving_average(Z, n=3)\n",
        note="np.arange(20) -> np.arange(4000000); print(...) replaced by the bare call.",
    ),
    Snippet(
        id="np100-89-n-largest",
        origin=_np100(89, "How to get the n largest values of an array"),
        setup="import numpy as np\n"
              "np.random.seed(0)\n",
        cell="Z = np.arange(4000000)\n"
             "np.random.shuffle(Z)\n"
             "n = 5\n"
             "\n"
             "# Slow\n"
             "Z[np.argsort(Z)[-n:]]\n"
             "# Fast\n"
             "Z[np.argpartition(-Z,n)[:n]]\n",
        note="np.arange(10000) -> np.arange(4000000); print (...) replaced by the bare expressions; "
             "a blank line dropped.",
    ),
    Snippet(
        id="np100-92-cube",
        origin=_np100(92, "Consider a large vector Z, compute Z to the power of 3 using 3 different methods"),
        setup="import numpy as np\n"
              "np.random.seed(0)\n",
        cell="x = np.random.rand(int(4e6))\n"
             "\n"
             "np.power(x,3)\n"
             "x*x*x\n"
             "np.einsum('i,i,i->i',x,x,x)\n",
        note="scaled DOWN: int(5e7) (381 MiB) -> int(4e6); the %timeit prefixes dropped.",
    ),
    Snippet(
        id="np100-94-unequal-rows",
        origin=_np100(94, "Considering a 10x3 matrix, extract rows with unequal values (e.g. [2,2,3])"),
        setup="import numpy as np\n"
              "np.random.seed(0)\n",
        cell="Z = np.random.randint(0,5,(2000000,3))\n"
             "# solution for arrays of all dtypes (including string arrays and record arrays)\n"
             "E = np.all(Z[:,1:] == Z[:,:-1], axis=1)\n"
             "U = Z[~E]\n"
             "# soluiton for numerical arrays only, will work for any number of columns in Z\n"
             "U = Z[Z.max(axis=1) != Z.min(axis=1),:]\n",
        note="(10,3) -> (2000000,3); print lines dropped (the source's comment typo kept).",
    ),
    Snippet(
        id="np100-100-bootstrap",
        origin=_np100(100, "Compute bootstrapped 95% confidence intervals for the mean of a 1D array X"),
        setup="import numpy as np\n"
              "np.random.seed(0)\n",
        cell="X = np.random.randn(1000) # random 1D array\n"
             "N = 4000 # number of bootstrap samples\n"
             "idx = np.random.randint(0, X.size, (N, X.size))\n"
             "means = X[idx].mean(axis=1)\n"
             "confint = np.percentile(means, [2.5, 97.5])\n",
        note="X size 100 -> 1000, N 1000 -> 4000 (idx and X[idx] are 30.5 MiB each); print dropped.",
    ),
    # ------------------------------------------------------------------ NumPy documentation
    Snippet(
        id="npdoc-broadcast-outer",
        origin="NumPy user guide, Broadcasting, the outer addition example "
               "(numpy/numpy, doc/source/user/basics.broadcasting.rst)",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(0)\n",
        cell="a = np.linspace(0.0, 30000.0, 4000)\n"
             "b = rng.random(1000)\n"
             "a[:, np.newaxis] + b\n",
        note="a = np.array([0.0, 10.0, 20.0, 30.0]) -> 4000 values, b = np.array([1.0, 2.0, 3.0]) -> "
             "1000 values: the result is 4000x1000 float64 (30.5 MiB).",
    ),
    Snippet(
        id="npdoc-broadcast-vq",
        origin="NumPy user guide, Broadcasting, 'A practical example: vector quantization' "
               "(numpy/numpy, doc/source/user/basics.broadcasting.rst)",
        setup="import numpy as np\n"
              "from numpy import array, argmin, sqrt, sum\n"
              "rng = np.random.default_rng(0)\n"
              "codes = rng.normal([100.0, 180.0], [30.0, 20.0], size=(2000000, 2))\n",
        cell="observation = array([111.0, 188.0])\n"
             "diff = codes - observation    # the broadcast happens here\n"
             "dist = sqrt(sum(diff**2,axis=-1))\n"
             "argmin(dist)\n",
        note="codes: 4 literal rows -> 2000000 random rows (30.5 MiB), built in setup; the doc's "
             "`from numpy import ...` moved to setup.",
    ),
    Snippet(
        id="npdoc-copies-views",
        origin="NumPy user guide, Copies and views, 'How to tell if the array is a view or a copy' and "
               "'Indexing operations' (numpy/numpy, doc/source/user/basics.copies.rst)",
        setup="import numpy as np\n",
        cell="x = np.arange(4000000)\n"
             "y = x.reshape(2000, 2000)\n"
             "y.base  # .reshape() creates a view\n"
             "z = y[[2, 1]]\n"
             "z.base is None  # advanced indexing creates a copy\n"
             "x[1:3] = [10, 11]\n",
        note="np.arange(9) -> np.arange(4000000), reshape(3, 3) -> (2000, 2000); the slice assignment "
             "is the next example's. Negative case: views and a two-row copy.",
    ),
    Snippet(
        id="npdoc-ufunc-at",
        origin="numpy.ufunc.at docstring Examples (numpy/numpy, numpy/_core/_add_newdocs.py)",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(0)\n"
              "indices = rng.integers(0, 1000000, size=2000000)\n",
        cell="a = np.arange(1, 1000001)\n"
             "np.negative.at(a, [0, 1])\n"
             "a = np.arange(1, 1000001)\n"
             "np.add.at(a, indices, 1)\n"
             "b = np.array([1, 2])\n"
             "np.add.at(a, [0, 1], b)\n",
        note="a = np.array([1, 2, 3, 4]) -> np.arange(1, 1000001); the index list [0, 1, 2, 2] of the "
             "second example -> `indices`, 2000000 random positions made in setup; prints dropped. "
             "Negative case: ufunc.at works in place.",
    ),
    Snippet(
        id="npdoc-unique-inverse",
        origin="numpy.unique docstring Examples, 'Reconstruct the input array from the unique values "
               "and inverse' (numpy/numpy, numpy/lib/_arraysetops_impl.py)",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(0)\n"
              "a = rng.integers(0, 1000, size=2000000)\n",
        cell="u, indices = np.unique(a, return_inverse=True)\n"
             "u\n"
             "indices\n"
             "u[indices]\n",
        note="a = np.array([1, 2, 6, 4, 2, 3, 2]) -> 2000000 integers below 1000, made in setup.",
    ),
    Snippet(
        id="npdoc-unique-counts",
        origin="numpy.unique docstring Examples, 'Reconstruct the input values from the unique values "
               "and counts' (numpy/numpy, numpy/lib/_arraysetops_impl.py)",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(0)\n"
              "a = rng.integers(0, 1000, size=2000000)\n",
        cell="values, counts = np.unique(a, return_counts=True)\n"
             "values\n"
             "counts\n"
             "np.repeat(values, counts)\n",
        note="a = np.array([1, 2, 6, 4, 2, 3, 2]) -> 2000000 integers below 1000, made in setup.",
    ),
    Snippet(
        id="npdoc-histogram-density",
        origin="numpy.histogram docstring Examples (numpy/numpy, numpy/lib/_histograms_impl.py)",
        setup="import numpy as np\n"
              "rng = np.random.default_rng(0)\n",
        cell="a = rng.normal(size=4000000)\n"
             "hist, bin_edges = np.histogram(a, density=True)\n"
             "hist.sum()\n"
             "np.sum(hist * np.diff(bin_edges))\n",
        note="a = np.arange(5) -> 4000000 normal draws. Negative case: histogram with uniform bins "
             "works in blocks of 65536 values.",
    ),
    Snippet(
        id="npdoc-einsum",
        origin="numpy.einsum docstring Examples: trace, sum over an axis, inner product "
               "(numpy/numpy, numpy/_core/einsumfunc.py)",
        setup="import numpy as np\n",
        cell="a = np.arange(4000000).reshape(2000,2000)\n"
             "b = np.arange(2000)\n"
             "np.einsum('ii', a)\n"
             "np.einsum('ii->i', a)\n"
             "np.einsum('ij->i', a)\n"
             "np.einsum('i,i', b, b)\n",
        note="np.arange(25).reshape(5,5) -> 2000x2000, np.arange(5) -> np.arange(2000). Negative case.",
    ),
    Snippet(
        id="npdoc-where",
        origin="numpy.where docstring Examples (numpy/numpy, numpy/_core/multiarray.py)",
        setup="import numpy as np\n",
        cell="a = np.arange(4000000)\n"
             "np.where(a < 5, a, 10*a)\n",
        note="np.arange(10) -> np.arange(4000000).",
    ),
    Snippet(
        id="npdoc-cumsum-precision",
        origin="numpy.cumsum docstring Examples, '``cumsum(b)[-1]`` may not be equal to ``sum(b)``' "
               "(numpy/numpy, numpy/_core/fromnumeric.py)",
        setup="import numpy as np\n",
        cell="b = np.array([1, 2e-9, 3e-9] * 1000000)\n"
             "b.cumsum()[-1]\n"
             "b.sum()\n",
        note="unchanged: the docstring already uses 3000000 values (a Python list, then 22.9 MiB).",
    ),
    # ------------------------------------------------------------------ pandas documentation
    Snippet(
        id="pd-10min-dataframe-from-numpy",
        origin=_TENMIN.format("'Object creation' and 'Viewing data'"),
        setup="import numpy as np\n"
              "import pandas as pd\n"
              "np.random.seed(0)\n",
        cell='dates = pd.date_range("20130101", periods=1000000, freq="min")\n'
             'df = pd.DataFrame(np.random.randn(1000000, 4), index=dates, columns=list("ABCD"))\n'
             "df.to_numpy()\n"
             "df.describe()\n",
        note="periods=6 -> 1000000 with freq=\"min\" added (1000000 days would pass the last "
             "representable Timestamp, year 2262); randn(6, 4) -> randn(1000000, 4).",
    ),
    Snippet(
        id="pd-10min-selection",
        origin=_TENMIN.format("'Selection by label' and 'Selection by position'"),
        setup="import numpy as np\n"
              "import pandas as pd\n"
              "np.random.seed(0)\n"
              'dates = pd.date_range("20130101", periods=1000000, freq="min")\n'
              'df = pd.DataFrame(np.random.randn(1000000, 4), index=dates, columns=list("ABCD"))\n',
        cell="df.loc[dates[0]]\n"
             'df.loc[dates[0], "A"]\n'
             'df.at[dates[0], "A"]\n'
             "df.iloc[3]\n"
             "df.iloc[3:5, 0:2]\n"
             "df.iloc[[1, 2, 4], [0, 2]]\n"
             "df.iat[1, 1]\n",
        note="df of 6 rows -> 1000000 rows, built in setup. Negative case: scalar, row and "
             "small-slice lookups.",
    ),
    Snippet(
        id="pd-10min-boolean-indexing",
        origin=_TENMIN.format("'Selection', 'Boolean indexing'"),
        setup="import numpy as np\n"
              "import pandas as pd\n"
              "np.random.seed(0)\n"
              'dates = pd.date_range("20130101", periods=1000000, freq="min")\n'
              'df = pd.DataFrame(np.random.randn(1000000, 4), index=dates, columns=list("ABCD"))\n',
        cell='df[df["A"] > 0]\n'
             "df[df > 0]\n",
        note="df of 6 rows -> 1000000 rows (30.5 MiB), built in setup as in 'Object creation'.",
    ),
    Snippet(
        id="pd-10min-where-setting",
        origin=_TENMIN.format("'Setting', the where operation with setting"),
        setup="import numpy as np\n"
              "import pandas as pd\n"
              "np.random.seed(0)\n"
              'dates = pd.date_range("20130101", periods=1000000, freq="min")\n'
              'df = pd.DataFrame(np.random.randn(1000000, 4), index=dates, columns=list("ABCD"))\n',
        cell="df2 = df.copy()\n"
             "df2[df2 > 0] = -df2\n",
        note="df of 6 rows -> 1000000 rows, built in setup.",
    ),
    Snippet(
        id="pd-10min-stats",
        origin=_TENMIN.format("'Operations', 'Stats'"),
        setup="import numpy as np\n"
              "import pandas as pd\n"
              "np.random.seed(0)\n"
              'dates = pd.date_range("20130101", periods=1000000, freq="min")\n'
              'df = pd.DataFrame(np.random.randn(1000000, 4), index=dates, columns=list("ABCD"))\n'
              "s = pd.Series(np.random.randn(1000000), index=dates).shift(2)\n",
        cell="df.mean()\n"
             "df.mean(axis=1)\n"
             'df.sub(s, axis="index")\n',
        note="1000000 rows; s (six literal values in the source, shifted by 2) made in setup with "
             "1000000 random values.",
    ),
    Snippet(
        id="pd-10min-udf",
        origin=_TENMIN.format("'User defined functions'"),
        setup="import numpy as np\n"
              "import pandas as pd\n"
              "np.random.seed(0)\n"
              'dates = pd.date_range("20130101", periods=1000000, freq="min")\n'
              'df = pd.DataFrame(np.random.randn(1000000, 4), index=dates, columns=list("ABCD"))\n',
        cell="df.agg(lambda x: np.mean(x) * 5.6)\n"
             "df.transform(lambda x: x * 101.2)\n",
        note="df of 6 rows -> 1000000 rows, built in setup.",
    ),
    Snippet(
        id="pd-10min-value-counts",
        origin=_TENMIN.format("'Value Counts'"),
        setup="import numpy as np\n"
              "import pandas as pd\n"
              "np.random.seed(0)\n",
        cell="s = pd.Series(np.random.randint(0, 7, size=4000000))\n"
             "s.value_counts()\n",
        note="size=10 -> 4000000. Near-negative case: the counts are tiny.",
    ),
    Snippet(
        id="pd-10min-concat",
        origin=_TENMIN.format("'Merge', 'Concat'"),
        setup="import numpy as np\n"
              "import pandas as pd\n"
              "np.random.seed(0)\n",
        cell="df = pd.DataFrame(np.random.randn(1000000, 4))\n"
             "\n"
             "# break it into pieces\n"
             "pieces = [df[:300000], df[300000:700000], df[700000:]]\n"
             "\n"
             "pd.concat(pieces)\n",
        note="10 rows -> 1000000; the slice bounds 3 and 7 -> 300000 and 700000.",
    ),
    Snippet(
        id="pd-10min-merge",
        origin=_TENMIN.format("'Merge', 'Join', merge on unique keys"),
        setup="import numpy as np\n"
              "import pandas as pd\n"
              "rng = np.random.default_rng(0)\n"
              "keys = rng.permutation(500000)\n",
        cell='left = pd.DataFrame({"key": keys, "lval": np.arange(500000)})\n'
             'right = pd.DataFrame({"key": keys[::-1], "rval": np.arange(500000)})\n'
             'pd.merge(left, right, on="key")\n',
        note='keys ["foo", "bar"] -> 500000 unique integer keys (a permutation made in setup), values '
             "[1, 2] / [4, 5] -> np.arange(500000).",
    ),
    Snippet(
        id="pd-10min-groupby",
        origin=_TENMIN.format("'Grouping'"),
        setup="import numpy as np\n"
              "import pandas as pd\n"
              "np.random.seed(0)\n"
              "n = 500000\n"
              "A = np.array([\"foo\", \"bar\"])[np.random.randint(0, 2, n)]\n"
              "B = np.array([\"one\", \"two\", \"three\"])[np.random.randint(0, 3, n)]\n"
              "df = pd.DataFrame(\n"
              '    {"A": A, "B": B, "C": np.random.randn(n), "D": np.random.randn(n)}\n'
              ")\n",
        cell='df.groupby("A")[["C", "D"]].sum()\n'
             'df.groupby(["A", "B"]).sum()\n',
        note="8 rows -> 500000, the frame built in setup (building 500000 string cells takes "
             "~0.3 s) from random draws of the source's A/B labels.",
    ),
    Snippet(
        id="pd-indexing-query",
        origin="pandas docs, Indexing and selecting data, 'The query() Method' "
               "(pandas-dev/pandas, doc/source/user_guide/indexing.rst)",
        setup="import numpy as np\n"
              "import pandas as pd\n"
              "np.random.seed(0)\n",
        cell="n = 2000000\n"
             "df = pd.DataFrame(np.random.rand(n, 3), columns=list('abc'))\n"
             "\n"
             "# pure python\n"
             "df[(df['a'] < df['b']) & (df['b'] < df['c'])]\n"
             "\n"
             "# query\n"
             "df.query('(a < b) & (b < c)')\n",
        note="n = 10 -> 2000000 (45.8 MiB frame); df display dropped. numexpr is not installed, so "
             "query uses the python engine.",
    ),
    Snippet(
        id="pd-groupby-transform",
        origin="pandas docs, DataFrameGroupBy.transform docstring Examples "
               "(pandas-dev/pandas, pandas/core/groupby/generic.py)",
        setup="import numpy as np\n"
              "import pandas as pd\n"
              "np.random.seed(0)\n"
              "n = 500000\n"
              "df = pd.DataFrame({\n"
              "    \"A\": np.array([\"foo\", \"bar\"])[np.random.randint(0, 2, n)],\n"
              "    \"B\": np.array([\"one\", \"two\", \"three\"])[np.random.randint(0, 3, n)],\n"
              "    \"C\": np.random.randint(1, 6, n),\n"
              "    \"D\": np.random.rand(n) * 10,\n"
              "})\n",
        cell='grouped = df.groupby("A")[["C", "D"]]\n'
             "grouped.transform(lambda x: (x - x.mean()) / x.std())\n"
             "grouped.transform(lambda x: x.max() - x.min())\n",
        note="the 6-row frame -> 500000 rows of the same labels, built in setup.",
    ),
    Snippet(
        id="pd-pdsh-eval-frames",
        origin=_EVAL + ", 'pandas.eval() for Efficient Operations'",
        setup="import numpy as np\n"
              "import pandas as pd\n"
              "rng = np.random.default_rng(42)\n",
        cell="nrows, ncols = 20000, 100\n"
             "df1, df2, df3, df4 = (pd.DataFrame(rng.random((nrows, ncols)))\n"
             "                      for i in range(4))\n"
             "df1 + df2 + df3 + df4\n"
             "pd.eval('df1 + df2 + df3 + df4')\n",
        note="scaled DOWN: nrows 100000 -> 20000 (four frames of 15.3 MiB instead of 76.3 MiB); "
             "%timeit prefixes dropped. DataFrames built from NumPy arrays, then chained frame sums.",
    ),
]


#: Snippets first run as a held-out check (none of the explainer's rules were written for them),
#: then kept here: From Python to NumPy (fp2n-), the Scientific Python Lectures (spl-), and more
#: of NumPy's, pandas' and the handbook's pages.
CORPUS += [
    Snippet(
        id='fp2n-temp-copy',
        origin='Rougier, From Python to NumPy (rougier/from-python-to-numpy, 03-anatomy.rst, '
               "'Temporary copy')",
        setup='import numpy as np\n',
        cell='X = np.ones(4000000, dtype=int)\n'
             'Y = np.ones(4000000, dtype=int)\n'
             'A = 2*X + 2*Y\n',
        note='np.ones(10) -> np.ones(4000000).',
    ),
    Snippet(
        id='fp2n-temp-copy-timeit',
        origin='Rougier, From Python to NumPy (rougier/from-python-to-numpy, 03-anatomy.rst, '
               "'Temporary copy' (the timeit lines))",
        setup='import numpy as np\n'
              'X = np.ones(4000000, dtype=int)\n'
              'Y = np.ones(4000000, dtype=int)\n',
        cell='X = X + 2*Y\n'
             'X += 2*Y\n'
             'np.add(X, Y, out=X); np.add(X, Y, out=X)\n',
        note='100000000 -> 4000000; the timeit(...) wrappers and the 2.0*Y variant dropped.',
    ),
    Snippet(
        id='fp2n-temp-copy-float',
        origin='Rougier, From Python to NumPy (rougier/from-python-to-numpy, 03-anatomy.rst, '
               "'Temporary copy' (timeit line 1))",
        setup='import numpy as np\n'
              'X = np.ones(4000000, dtype=int)\n'
              'Y = np.ones(4000000, dtype=int)\n',
        cell='X = X + 2.0*Y\n',
        note='100000000 -> 4000000; timeit wrapper dropped. int64 X rebound to float64.',
    ),
    Snippet(
        id='fp2n-ravel-flatten',
        origin='Rougier, From Python to NumPy (rougier/from-python-to-numpy, 03-anatomy.rst, '
               "'Direct and indirect access' (ravel/flatten))",
        setup='import numpy as np\n',
        cell='Z = np.zeros((2000, 2000))\n'
             'Z.ravel().base is Z\n'
             'Z[::2, ::2].ravel().base is Z\n'
             'Z.flatten().base is Z\n',
        note='(5, 5) -> (2000, 2000).',
    ),
    Snippet(
        id='fp2n-views-fancy',
        origin='Rougier, From Python to NumPy (rougier/from-python-to-numpy, 03-anatomy.rst, '
               "'Direct and indirect access' (base of a view/copy))",
        setup='import numpy as np\n'
              'np.random.seed(0)\n',
        cell='Z = np.random.uniform(0, 1, (2000, 2000))\n'
             'Z1 = Z[:1000, :]\n'
             'Z2 = Z[list(range(1000)), :]\n'
             'np.allclose(Z1, Z2)\n',
        note='(5, 5) -> (2000, 2000); the slice :3 -> :1000 and the index list [0, 1, 2] -> '
             'list(range(1000)) so the copy matters.',
    ),
    Snippet(
        id='fp2n-gol-neighbours',
        origin='Rougier, From Python to NumPy (rougier/from-python-to-numpy, 04-code-'
               "vectorization.rst, 'Uniform vectorization' (Game of Life))",
        setup='import numpy as np\n'
              'rng = np.random.default_rng(0)\n'
              'Z = rng.integers(0, 2, (2000, 2000))\n',
        cell='N = np.zeros(Z.shape, dtype=int)\n'
             'N[1:-1,1:-1] += (Z[ :-2, :-2] + Z[ :-2,1:-1] + Z[ :-2,2:] +\n'
             '                 Z[1:-1, :-2]                + Z[1:-1,2:] +\n'
             '                 Z[2:  , :-2] + Z[2:  ,1:-1] + Z[2:  ,2:])\n',
        note='the 6x6 glider literal -> a random 2000x2000 int64 board in setup.',
    ),
    Snippet(
        id='fp2n-gol-rules',
        origin='Rougier, From Python to NumPy (rougier/from-python-to-numpy, 04-code-'
               "vectorization.rst, 'Uniform vectorization' (rules))",
        setup='import numpy as np\n'
              'rng = np.random.default_rng(0)\n'
              'Z = rng.integers(0, 2, (2000, 2000))\n'
              'N = np.zeros(Z.shape, dtype=int)\n'
              'N[1:-1,1:-1] += (Z[:-2,:-2] + Z[:-2,1:-1] + Z[:-2,2:] + Z[1:-1,:-2] + Z[1:-1,2:] + Z[2:,:-2] + Z[2:,1:-1] + Z[2:,2:])\n',
        cell='birth = (N==3)[1:-1,1:-1] & (Z[1:-1,1:-1]==0)\n'
             'survive = ((N==2) | (N==3))[1:-1,1:-1] & (Z[1:-1,1:-1]==1)\n'
             'Z[...] = 0\n'
             'Z[1:-1,1:-1][birth | survive] = 1\n',
        note='board 6x6 -> 2000x2000 (int64).',
    ),
    Snippet(
        id='fp2n-gol-argwhere',
        origin='Rougier, From Python to NumPy (rougier/from-python-to-numpy, 04-code-'
               "vectorization.rst, 'Uniform vectorization' (argwhere version))",
        setup='import numpy as np\n'
              'rng = np.random.default_rng(0)\n'
              'Z = rng.integers(0, 2, (2000, 2000))\n'
              'N = rng.integers(0, 9, (2000, 2000))\n',
        cell='N_ = N.ravel()\n'
             'Z_ = Z.ravel()\n'
             'R1 = np.argwhere( (Z_==1) & (N_ < 2) )\n'
             'R2 = np.argwhere( (Z_==1) & (N_ > 3) )\n'
             'R3 = np.argwhere( (Z_==1) & ((N_==2) | (N_==3)) )\n'
             'R4 = np.argwhere( (Z_==0) & (N_==3) )\n'
             'Z_[R1] = 0\n'
             'Z_[R2] = 0\n'
             'Z_[R3] = Z_[R3]\n'
             'Z_[R4] = 1\n',
        note='6x6 -> 2000x2000; N random in 0..8 (setup) instead of computed; the border line '
             'dropped.',
    ),
    Snippet(
        id='fp2n-gray-scott',
        origin='Rougier, From Python to NumPy (rougier/from-python-to-numpy, code/gray_scott.py, '
               'update() loop body)',
        setup='import numpy as np\n'
              'np.random.seed(0)\n'
              'n = 1000\n'
              'Du, Dv, F, k = 0.16, 0.08, 0.035, 0.065\n'
              "Z = np.zeros((n+2, n+2), [('U', np.double), ('V', np.double)])\n"
              "U, V = Z['U'], Z['V']\n"
              'u, v = U[1:-1, 1:-1], V[1:-1, 1:-1]\n'
              'u[...] = 1.0\n'
              'u += 0.05*np.random.uniform(-1, +1, (n, n))\n'
              'v += 0.05*np.random.uniform(-1, +1, (n, n))\n',
        cell='Lu = (                  U[0:-2, 1:-1] +\n'
             '      U[1:-1, 0:-2] - 4*U[1:-1, 1:-1] + U[1:-1, 2:] +\n'
             '                        U[2:  , 1:-1])\n'
             'Lv = (                  V[0:-2, 1:-1] +\n'
             '      V[1:-1, 0:-2] - 4*V[1:-1, 1:-1] + V[1:-1, 2:] +\n'
             '                        V[2:  , 1:-1])\n'
             'uvv = u*v*v\n'
             'u += (Du*Lu - uvv + F*(1-u))\n'
             'v += (Dv*Lv + uvv - (F+k)*v)\n',
        note='n 256 -> 1000 (each field 7.6 MiB, strided inside a structured array); one pass of '
             'the `for i in range(10)` loop, plotting dropped.',
    ),
    Snippet(
        id='fp2n-mandelbrot-numpy',
        origin='Rougier, From Python to NumPy (rougier/from-python-to-numpy, 04-code-'
               "vectorization.rst, 'NumPy implementation' (mandelbrot_numpy))",
        setup='import numpy as np\n',
        cell='def mandelbrot_numpy(xmin, xmax, ymin, ymax, xn, yn, maxiter, horizon=2.0):\n'
             '    X = np.linspace(xmin, xmax, xn, dtype=np.float32)\n'
             '    Y = np.linspace(ymin, ymax, yn, dtype=np.float32)\n'
             '    C = X + Y[:,None]*1j\n'
             '    N = np.zeros(C.shape, dtype=int)\n'
             '    Z = np.zeros(C.shape, np.complex64)\n'
             '    for n in range(maxiter):\n'
             '        I = np.less(abs(Z), horizon)\n'
             '        N[I] = n\n'
             '        Z[I] = Z[I]**2 + C[I]\n'
             '    N[N == maxiter-1] = 0\n'
             '    return Z, N\n'
             'Z, N = mandelbrot_numpy(-2.25, 0.75, -1.25, 1.25, 2000, 1500, 5)\n',
        note='xn, yn 1000 x 833 -> 2000 x 1500, maxiter 200 -> 5; call added (the benchmark).',
    ),
    Snippet(
        id='fp2n-problem-vec',
        origin='Rougier, From Python to NumPy (rougier/from-python-to-numpy, 05-problem-'
               'vectorization.rst, compute_numpy)',
        setup='import numpy as np\n',
        cell='def compute_numpy(X, Y):\n'
             '    Z = X.reshape(len(X),1) * Y.reshape(1,len(Y))\n'
             '    return Z.sum()\n'
             'X = np.arange(2000)\n'
             'compute_numpy(X, X)\n',
        note='np.arange(1000) -> np.arange(2000); timeit wrapper dropped.',
    ),
    Snippet(
        id='fp2n-boids-distance',
        origin='Rougier, From Python to NumPy (rougier/from-python-to-numpy, 04-code-'
               "vectorization.rst, 'NumPy implementation' (Boids distances, masks))",
        setup='import numpy as np\n'
              'rng = np.random.default_rng(0)\n'
              'n = 2000\n'
              'position = (rng.random((n, 2)) * 640).astype(np.float32)\n',
        cell='dx = np.subtract.outer(position[:, 0], position[:, 0])\n'
             'dy = np.subtract.outer(position[:, 1], position[:, 1])\n'
             'distance = np.hypot(dx, dy)\n'
             'mask_0 = (distance > 0)\n'
             'mask_1 = (distance < 25)\n'
             'mask_2 = (distance < 50)\n'
             'mask_1 *= mask_0\n'
             'mask_2 *= mask_0\n',
        note='n 500 -> 2000; positions random instead of zeros (float32 as in the source).',
    ),
    Snippet(
        id='fp2n-boids-separation',
        origin='Rougier, From Python to NumPy (rougier/from-python-to-numpy, 04-code-'
               "vectorization.rst, 'Separation' (Boids))",
        setup='import numpy as np\n'
              'rng = np.random.default_rng(0)\n'
              'n = 1500\n'
              'position = (rng.random((n, 2)) * 640).astype(np.float32)\n'
              'velocity = (rng.random((n, 2)) - 0.5).astype(np.float32)\n'
              'max_velocity = 2\n'
              'dx = np.subtract.outer(position[:, 0], position[:, 0])\n'
              'dy = np.subtract.outer(position[:, 1], position[:, 1])\n'
              'distance = np.hypot(dx, dy)\n'
              'mask = (distance > 0) & (distance < 25)\n'
              'count = np.maximum(mask.sum(axis=1), 1)\n',
        cell='repulsion = np.dstack((dx, dy))\n'
             'np.divide(repulsion, distance.reshape(n, n, 1)**2, out=repulsion,\n'
             '          where=distance.reshape(n, n, 1) != 0)\n'
             'target = (repulsion*mask.reshape(n, n, 1)).sum(axis=1)/count.reshape(n, 1)\n'
             'norm = np.sqrt((target*target).sum(axis=1)).reshape(n, 1)\n'
             'np.divide(target, norm, out=target, where=norm != 0)\n'
             'target *= max_velocity\n'
             'separation = target - velocity\n',
        note='n 500 -> 1500; comments dropped; the setup builds dx, dy, distance, mask, count as '
             "the chapter's earlier steps do.",
    ),
    Snippet(
        id='fp2n-maze-bellman',
        origin='Rougier, From Python to NumPy (rougier/from-python-to-numpy, 05-problem-'
               "vectorization.rst, 'Path finding' (Bellman-Ford, NumPy))",
        setup='import numpy as np\n'
              'rng = np.random.default_rng(0)\n'
              'Z = (rng.random((2001, 2001)) > 0.2).astype(float)\n'
              'G = rng.random((2001, 2001))\n'
              'gamma = 0.99\n'
              'G_gamma = np.empty_like(G)\n',
        cell='np.multiply(G, gamma, out=G_gamma)\n'
             'N = G_gamma[0:-2,1:-1]\n'
             'W = G_gamma[1:-1,0:-2]\n'
             'C = G[1:-1,1:-1]\n'
             'E = G_gamma[1:-1,2:]\n'
             'S = G_gamma[2:,1:-1]\n'
             'G[1:-1,1:-1] = Z[1:-1,1:-1]*np.maximum(N,np.maximum(W,\n'
             '                            np.maximum(C,np.maximum(E,S))))\n',
        note='one pass of the `while G[goal] == 0.0` loop; the maze Z (a bool maze in the source,'
             ' as float here) and G random 2001x2001.',
    ),
    Snippet(
        id='fp2n-random-walk',
        origin='Rougier, From Python to NumPy (rougier/from-python-to-numpy, 02-introduction.rst,'
               ' random_walk_fastest)',
        setup='import numpy as np\n'
              'np.random.seed(0)\n',
        cell='def random_walk_fastest(n=1000):\n'
             "    # No 's' in NumPy choice (Python offers choice & choices)\n"
             '    steps = np.random.choice([-1,+1], n)\n'
             '    steps = np.cumsum(steps)\n'
             '    return [0] + steps.tolist()\n'
             '\n'
             'walk = random_walk_fastest(1000000)\n',
        note='n 1000 -> 1000000.',
    ),
    Snippet(
        id='spl-random-walk',
        origin='Scientific Python Lectures (scipy-lectures/scientific-python-lectures, '
               "intro/numpy/operations.md, 'Worked Example: diffusion using a random walk')",
        setup='import numpy as np\n',
        cell='n_stories = 10000 # number of walkers\n'
             't_max = 500      # time during which we follow the walker\n'
             't = np.arange(t_max)\n'
             'rng = np.random.default_rng()\n'
             'steps = 2 * rng.integers(0, 1 + 1, (n_stories, t_max)) - 1 # +1 because the high value is exclusive\n'
             'np.unique(steps) # Verification: all steps are 1 or -1\n'
             'positions = np.cumsum(steps, axis=1) # axis = 1: dimension of time\n'
             'sq_distance = positions**2\n'
             'mean_sq_distance = np.mean(sq_distance, axis=0)\n',
        note='n_stories 1000 -> 10000, t_max 200 -> 500 (each int64 array 38.1 MiB); cells '
             'joined.',
    ),
    Snippet(
        id='spl-mileposts',
        origin='Scientific Python Lectures (scipy-lectures/scientific-python-lectures, '
               "intro/numpy/operations.md, 'Broadcasting' (Route 66 distances))",
        setup='import numpy as np\n'
              'rng = np.random.default_rng(0)\n'
              'mileposts = np.sort(rng.integers(0, 2448, 2000))\n',
        cell='distance_array = np.abs(mileposts - mileposts[:, np.newaxis])\n'
             'distance_array\n',
        note='10 literal mileposts -> 2000 sorted random ones (setup).',
    ),
    Snippet(
        id='spl-grid-distance',
        origin='Scientific Python Lectures (scipy-lectures/scientific-python-lectures, '
               "intro/numpy/operations.md, 'Broadcasting' (grid distance, ogrid, mgrid))",
        setup='import numpy as np\n',
        cell='x, y = np.arange(2000), np.arange(2000)[:, np.newaxis]\n'
             'distance = np.sqrt(x ** 2 + y ** 2)\n'
             'x, y = np.ogrid[0:2000, 0:2000]\n'
             'distance = np.sqrt(x ** 2 + y ** 2)\n'
             'x, y = np.mgrid[0:2000, 0:2000]\n',
        note='5 (and 4) -> 2000; displays and plots dropped.',
    ),
    Snippet(
        id='spl-reshape-copy',
        origin='Scientific Python Lectures (scipy-lectures/scientific-python-lectures, '
               "intro/numpy/operations.md, 'Reshaping' (reshape may return a copy))",
        setup='import numpy as np\n',
        cell='a = np.zeros((3000, 2000))\n'
             'b = a.T.reshape(3000*2000)\n'
             'b[0] = 9\n'
             'a\n',
        note='(3, 2) -> (3000, 2000).',
    ),
    Snippet(
        id='spl-mask-assign',
        origin='Scientific Python Lectures (scipy-lectures/scientific-python-lectures, '
               "intro/numpy/array_object.md, 'Using boolean masks')",
        setup='import numpy as np\n',
        cell='rng = np.random.default_rng(27446968)\n'
             'a = rng.integers(0, 21, 4000000)\n'
             'mask = (a % 3 == 0)\n'
             'extract_from_a = a[mask] # or,  a[a%3==0]\n'
             'a[a % 3 == 0] = -1\n',
        note='15 values -> 4000000; displays dropped.',
    ),
    Snippet(
        id='spl-astype-around',
        origin='Scientific Python Lectures (scipy-lectures/scientific-python-lectures, '
               "intro/numpy/elaborate_arrays.md, 'Casting' (astype, around))",
        setup='import numpy as np\n'
              'rng = np.random.default_rng(0)\n',
        cell='a = rng.random(4000000) * 5\n'
             'b = a.astype(int)  # <-- truncates to integer\n'
             'b = np.around(a)\n'
             'c = np.around(a).astype(int)\n',
        note='the literal arrays of 3 / 6 values -> 4000000 uniform draws in [0, 5).',
    ),
    Snippet(
        id='spl-structured-samples',
        origin='Scientific Python Lectures (scipy-lectures/scientific-python-lectures, '
               "intro/numpy/elaborate_arrays.md, 'Structured data types')",
        setup='import numpy as np\n'
              'rng = np.random.default_rng(0)\n'
              "codes = np.array([b'ALFA', b'BETA', b'TAU'])\n",
        cell="samples = np.zeros((2000000,), dtype=[('sensor_code', 'S4'),\n"
             "                                ('position', float), ('value', float)])\n"
             "samples['sensor_code'] = codes[rng.integers(0, 3, 2000000)]\n"
             "samples['value']\n"
             "samples[['position', 'value']]\n"
             "samples[samples['sensor_code'] == b'ALFA']\n",
        note='6 rows -> 2000000 (38.1 MiB); the literal row assignment -> random sensor codes.',
    ),
    Snippet(
        id='npdoc-bool-index-nan',
        origin="NumPy user guide, Indexing on ndarrays, 'Boolean array indexing' (numpy/numpy, "
               'doc/source/user/basics.indexing.rst)',
        setup='import numpy as np\n'
              'rng = np.random.default_rng(0)\n'
              'x = rng.standard_normal(4000000)\n'
              'x[rng.integers(0, 4000000, 400000)] = np.nan\n',
        cell='x[~np.isnan(x)]\n'
             'x[x < 0] += 20\n',
        note='the 3x2 and 4-value literals -> one 4000000-value array with ~10% NaN.',
    ),
    Snippet(
        id='npdoc-rowsum-select',
        origin="NumPy user guide, Indexing on ndarrays, 'select all rows which sum up to less or "
               "equal two' (numpy/numpy, doc/source/user/basics.indexing.rst)",
        setup='import numpy as np\n'
              'rng = np.random.default_rng(0)\n'
              'x = rng.integers(0, 3, (2000000, 2))\n',
        cell='rowsum = x.sum(-1)\n'
             'x[rowsum <= 2, :]\n',
        note='3x2 literal -> 2000000x2 random integers 0..2.',
    ),
    Snippet(
        id='npdoc-structured-to-unstructured',
        origin='numpy.lib.recfunctions.structured_to_unstructured docstring (numpy/numpy, '
               'numpy/lib/recfunctions.py)',
        setup='import numpy as np\n'
              'import numpy.lib.recfunctions as rfn\n'
              "b = np.zeros(2000000, dtype=[('x', 'i4'), ('y', 'f4'), ('z', 'f8')])\n"
              "b['x'] = np.arange(2000000) % 13\n"
              "b['z'] = np.arange(2000000) % 7\n",
        cell="np.mean(rfn.structured_to_unstructured(b[['x', 'z']]), axis=-1)\n",
        note='4 literal rows -> 2000000 rows built in setup.',
    ),
    Snippet(
        id='pd-reshape-unpivot',
        origin='pandas user guide, Reshaping and pivot tables, the `unpivot` helper (pandas-'
               'dev/pandas, doc/source/user_guide/reshaping.rst)',
        setup='import numpy as np\n'
              'import pandas as pd\n'
              'np.random.seed(0)\n'
              "frame = pd.DataFrame(np.random.randn(1000000, 4), columns=list('ABCD'),\n"
              "                     index=pd.date_range('2000-01-01', periods=1000000, freq='min'))\n",
        cell='def unpivot(frame):\n'
             '    N, K = frame.shape\n'
             '    data = {\n'
             '        "value": frame.to_numpy().ravel("F"),\n'
             '        "variable": np.asarray(frame.columns).repeat(N),\n'
             '        "date": np.tile(np.asarray(frame.index), K),\n'
             '    }\n'
             '    return pd.DataFrame(data, columns=["date", "variable", "value"])\n'
             'df = unpivot(frame)\n',
        note='tm.makeTimeDataFrame(3) (gone from pandas) -> a 1000000x4 frame with a minute '
             'index.',
    ),
    Snippet(
        id='pd-reshape-pivot-table',
        origin="pandas user guide, Reshaping and pivot tables, 'Pivot tables' (pandas-dev/pandas,"
               ' doc/source/user_guide/reshaping.rst)',
        setup='import numpy as np\n'
              'import pandas as pd\n'
              'np.random.seed(0)\n'
              'n = 1000000\n'
              'df = pd.DataFrame({\n'
              "    'A': np.array(['one', 'one', 'two', 'three'])[np.arange(n) % 4],\n"
              "    'B': np.array(['A', 'B', 'C'])[np.arange(n) % 3],\n"
              "    'C': np.array(['foo', 'foo', 'foo', 'bar', 'bar', 'bar'])[np.arange(n) % 6],\n"
              "    'D': np.random.randn(n),\n"
              "    'E': np.random.randn(n),\n"
              '})\n',
        cell='pd.pivot_table(df, values="D", index=["A", "B"], columns=["C"])\n'
             'pd.pivot_table(df, values=["D", "E"], index=["B"], columns=["A", "C"], aggfunc="sum")\n',
        note='24 rows -> 1000000 (the same repeating labels); column F (datetimes) dropped; '
             "aggfunc=np.sum -> 'sum' (np.sum is deprecated there).",
    ),
    Snippet(
        id='pd-groupby-ts-zscore',
        origin="pandas user guide, Group by, 'Transformation' (pandas-dev/pandas, "
               'doc/source/user_guide/groupby.rst)',
        setup='import numpy as np\n'
              'import pandas as pd\n'
              'np.random.seed(0)\n',
        cell='index = pd.date_range("10/1/1999", periods=2000000, freq="min")\n'
             'ts = pd.Series(np.random.normal(0.5, 2, 2000000), index)\n'
             'ts = ts.rolling(window=100, min_periods=100).mean().dropna()\n'
             'transformed = ts.groupby(ts.index.month).transform(\n'
             '    lambda x: (x - x.mean()) / x.std()\n'
             ')\n',
        note='periods 1100 (days) -> 2000000 minutes; the key `lambda x: x.year` -> '
             '`ts.index.month` (a Python call per timestamp took 11 s; 2M minutes span under 4 '
             'years).',
    ),
    Snippet(
        id='pdsh-pd-broadcast-ops',
        origin='Python Data Science Handbook (jakevdp/PythonDataScienceHandbook, '
               "notebooks/03.03-Operations-in-Pandas.ipynb), 'Operations Between DataFrames and "
               "Series'",
        setup='import numpy as np\n'
              'import pandas as pd\n'
              'rng = np.random.default_rng(42)\n',
        cell='A = rng.integers(10, size=(1000000, 4))\n'
             'A - A[0]\n'
             "df = pd.DataFrame(A, columns=['Q', 'R', 'S', 'T'])\n"
             'df - df.iloc[0]\n'
             "df.subtract(df['R'], axis=0)\n",
        note='(3, 4) -> (1000000, 4); cells 30-35 joined.',
    ),
    Snippet(
        id='pdsh-nan-aggregates',
        origin='Python Data Science Handbook (jakevdp/PythonDataScienceHandbook, '
               "notebooks/03.04-Missing-Values.ipynb), 'NaN: Missing numerical data'",
        setup='import numpy as np\n'
              'import pandas as pd\n'
              'rng = np.random.default_rng(0)\n',
        cell='vals2 = rng.random(4000000)\n'
             'vals2[::7] = np.nan\n'
             'vals2.sum(), vals2.min(), vals2.max()\n'
             'np.nansum(vals2), np.nanmin(vals2), np.nanmax(vals2)\n',
        note='np.array([1, np.nan, 3, 4]) -> 4000000 values with every 7th NaN.',
    ),
    Snippet(
        id='pdsh-groupby-agg-transform',
        origin='Python Data Science Handbook (jakevdp/PythonDataScienceHandbook, '
               "notebooks/03.08-Aggregation-and-Grouping.ipynb), 'Aggregate, filter, transform, "
               "apply'",
        setup='import numpy as np\n'
              'import pandas as pd\n'
              'rng = np.random.RandomState(0)\n'
              'n = 2000000\n',
        cell="df = pd.DataFrame({'key': np.array(['A', 'B', 'C'])[np.arange(n) % 3],\n"
             "                   'data1': np.arange(n),\n"
             "                   'data2': rng.randint(0, 10, n)},\n"
             "                   columns = ['key', 'data1', 'data2'])\n"
             "df.groupby('key').aggregate(['min', 'median', 'max'])\n"
             'def center(x):\n'
             '    return x - x.mean()\n'
             "df.groupby('key').transform(center)\n",
        note="6 rows -> 2000000; np.median/max -> 'median'/'max' (pandas 3 names).",
    ),
    Snippet(
        id='pdsh-np-concatenate',
        origin='Python Data Science Handbook (jakevdp/PythonDataScienceHandbook, '
               "notebooks/02.02-The-Basics-Of-NumPy-Arrays.ipynb), 'Concatenation of arrays' and "
               "'Subarrays as no-copy views'",
        setup='import numpy as np\n'
              'rng = np.random.default_rng(seed=1701)\n'
              'x2 = rng.integers(10, size=(2000, 2000))\n',
        cell='x2_sub_copy = x2[:1000, :1000].copy()\n'
             'grid = np.arange(4000000).reshape(2, 2000000)\n'
             'np.concatenate([grid, grid], axis=1)\n'
             'x = np.arange(2000000)\n'
             'np.vstack([x, grid])\n',
        note='x2 (3, 4) -> (2000, 2000), sub-block [:2, :2] -> [:1000, :1000]; grid (2, 3) -> (2,'
             ' 2000000), x of 3 values -> 2000000.',
    ),
]


def run(snippet: Snippet) -> dict:
    """Exec ``snippet.setup`` then ``snippet.cell`` in one fresh namespace; return the namespace."""
    namespace: dict = {"__name__": "__corpus__"}
    exec(compile(snippet.setup, f"<{snippet.id}:setup>", "exec"), namespace)
    exec(compile(snippet.cell, f"<{snippet.id}:cell>", "exec"), namespace)
    return namespace
