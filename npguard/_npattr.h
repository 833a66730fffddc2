/*
 * Per-line attribution from the allocator, included by _npcount.c.
 *
 * While attribute_start() is in effect, every allocation and free that the
 * counter sees on the starting thread is charged to the running line of each
 * frame of the block's own code on the stack (the innermost one, and the
 * lines that called it, so a calling line's peak includes its callees).
 * Library frames are walked through; the walk stops at a frame of the
 * block's top-level code.
 *
 * Why this is exact without line events: the counted level changes only at
 * an allocation or a free, so the level when a line starts is the level after
 * the last event before it. When an event finds a frame on a different line
 * (or jumped back: a loop), the frame's previous line is closed at the level
 * before the event and the new one opens there. Lines that never allocate or
 * free are never seen; their net, peak and temporaries are zero anyway.
 *
 * Hits are runs of a line seen allocating or freeing. A new run is seen when
 * the line changes, the instruction offset moves back (not within a line
 * that holds a loop of its own, such as a comprehension, unless an enclosing
 * loop came round), or, at the same instruction, the frame's variables
 * changed in between (the loop came round to the same allocating
 * instruction). A calling line waiting in a call starts a new run when its
 * frame's variables changed: it came round and called again. Frames are told
 * apart by address, so two calls of one function from a library loop (map,
 * apply) with the same arguments, allocating at a single instruction and
 * with nothing freed between them, count as one run (whose peak is then
 * their sum).
 *
 * Nothing here runs for pure-Python work, and nothing replaces a trace
 * function, so a debugger or coverage keeps tracing undisturbed.
 */

#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030E0000
/* Python 3.11 to 3.13: the walk reads the interpreter's own frames, and the
 * loop test above reads a frame's variables (their identities) without
 * PyFrame_GetLocals, which would copy them into f_locals and keep arrays
 * alive longer than the user's code does. Elsewhere the module has no
 * attribute_start(), and deep mode traces lines instead. */
#define NPG_ATTRIBUTION 1
#ifndef Py_BUILD_CORE_MODULE
#define Py_BUILD_CORE_MODULE 1
#endif
#ifndef Py_BUILD_CORE
#define Py_BUILD_CORE 1
#endif
#include "internal/pycore_frame.h"

#if PY_VERSION_HEX >= 0x030D0000
#define NPG_CODE(f) ((f)->f_executable)             /* a code object, or None on the C stack */
#define NPG_CURRENT(ts) ((ts)->current_frame)
#else
#define NPG_CODE(f) ((PyObject *)(f)->f_code)
#define NPG_CURRENT(ts) ((ts)->cframe->current_frame)
#endif

/* A running frame, borrowed: the running stack keeps it alive. No frame
 * object is made for the library frames the walk passes through. */
typedef _PyInterpreterFrame npg_frame;

static npg_frame *
npg_skip_incomplete(npg_frame *f)
{
    while (f != NULL && _PyFrame_IsIncomplete(f)) {
        f = f->previous;
    }
    return f;
}

static npg_frame *npg_top(PyThreadState *ts) { return npg_skip_incomplete(NPG_CURRENT(ts)); }
static npg_frame *npg_back(npg_frame *f) { return npg_skip_incomplete(f->previous); }
static PyObject *npg_code(npg_frame *f) { return NPG_CODE(f); }
static int npg_lasti(npg_frame *f) { return _PyInterpreterFrame_LASTI(f) * (int)sizeof(_Py_CODEUNIT); }

/* A new reference to the frame object of f (made if need be), or NULL. */
static PyObject *
npg_frame_object(npg_frame *f)
{
    if (f->frame_obj != NULL) {
        return Py_NewRef((PyObject *)f->frame_obj);
    }
    PyFrameObject *fo = PyEval_GetFrame();
    Py_XINCREF(fo);
    while (fo != NULL && fo->f_frame != f) {
        PyFrameObject *back = PyFrame_GetBack(fo);
        Py_DECREF(fo);
        fo = back;
    }
    return (PyObject *)fo;
}

#define NPG_MAX_DEPTH 64

typedef struct {
    npg_frame *frame;       /* identity only: never dereferenced once gone */
    int lineno;
    int lasti;
    int ci;                 /* index of the frame's code in A.codes */
    uint64_t fingerprint;
    long long start;
    long long peak;
    int nested;             /* an outer frame runs the same line (a lambda called from its own line,
                             * recursion): that outer run already holds this one's net */
} npg_rec;

typedef struct {
    long long hits, net, peak, temporaries;
    int predicted;
    long long predicted_run;  /* the run (hit) the last prediction was made in */
    long long predicted_at;   /* the largest allocation of that run, in bytes */
} npg_acc;

/* A line is predicted again when, in a later run, an allocation half as large
 * again as the largest of the run it was predicted in comes (and at least
 * NPG_AGAIN_MIN): a function first called on a small array and then on one
 * twice its size is explained at the larger. */
#define NPG_AGAIN_MIN (1LL << 20)

static struct {
    int busy;
    PyThreadState *tstate;
    PyObject *codes;        /* tuple of code objects */
    PyObject *tables;       /* per code: bytes, the line of each code unit (int32) */
    PyObject *stores;       /* per code: tuple of the names a module or class body stores */
    Py_ssize_t nroots;
    PyObject *on_first;     /* callable or NULL */
    npg_acc *acc;
    int nlines;
    npg_rec stack[NPG_MAX_DEPTH];
    int depth;
    long long events;
} A;

/* Set on the thread that called attribute_start(). Read on every allocation:
 * where the compiler allows, one load from the thread pointer rather than a
 * call to the dynamic loader's __tls_get_addr. */
#if defined(__GNUC__) && defined(__linux__)
static _Thread_local int npg_on_thread __attribute__((tls_model("initial-exec"))) = 0;
#else
static _Thread_local int npg_on_thread = 0;
#endif

static Py_ssize_t
npg_code_index(PyObject *code)
{
    Py_ssize_t n = PyTuple_GET_SIZE(A.codes);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (PyTuple_GET_ITEM(A.codes, i) == code) {
            return i;
        }
    }
    return -1;
}

/* Changes whenever the frame stores a variable: its fast locals' identities,
 * and, for module and class bodies, the values of the names they store
 * (ci: the index of the frame's code in A.codes). */
/* The hash of the values of the names code ci stores into its namespace dict,
 * kept with the dict's version: an unchanged dict has unchanged values, and
 * most events of a running line find it so (a module-level loop would
 * otherwise look every name up at each of its allocations). */
static struct {
    PyObject *dict;        /* identity only */
    int ci;
    uint64_t version, hash;
} npg_stored_cache;

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"  /* 3.12, 3.13 deprecate ma_version_tag */
#endif
static uint64_t
npg_stored_values(PyObject *dict, int ci)
{
    uint64_t version = ((PyDictObject *)dict)->ma_version_tag;
    if (npg_stored_cache.dict == dict && npg_stored_cache.ci == ci && npg_stored_cache.version == version) {
        return npg_stored_cache.hash;
    }
    uint64_t h = 1469598103934665603ULL;
    PyObject *names = PyTuple_GET_ITEM(A.stores, ci);
    Py_ssize_t count = PyTuple_GET_SIZE(names);
    for (Py_ssize_t i = 0; i < count; i++) {
        /* borrowed, and no error to clear: the keys are exact str */
        PyObject *value = PyDict_GetItemWithError(dict, PyTuple_GET_ITEM(names, i));
        h = (h ^ (uint64_t)(uintptr_t)value) * 1099511628211ULL;
    }
    npg_stored_cache.dict = dict;
    npg_stored_cache.ci = ci;
    npg_stored_cache.version = version;
    npg_stored_cache.hash = h;
    return h;
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

static uint64_t
npg_fingerprint(npg_frame *f, int ci)
{
    PyCodeObject *co = (PyCodeObject *)npg_code(f);
    uint64_t h = 1469598103934665603ULL;
    const char *kinds = PyBytes_AS_STRING(co->co_localspluskinds);
    for (int i = 0; i < co->co_nlocalsplus; i++) {
        if (!(kinds[i] & 0x10)) {   /* not CO_FAST_HIDDEN: an inlined comprehension's own */
            h = (h ^ (uint64_t)(uintptr_t)f->localsplus[i]) * 1099511628211ULL;
        }
    }
    /* A function's f_locals is only a snapshot (made by whoever reads
     * frame.f_locals); module and class bodies store into it: the values of
     * the names the block stores. Not the dict's version, which other writes
     * move too: a warning raised in a call the line waits in adds the
     * module's __warningregistry__, and that is no new run of the line. */
    if (!(co->co_flags & CO_OPTIMIZED) &&
            f->f_locals != NULL && PyDict_CheckExact(f->f_locals)) {
        h = (h ^ npg_stored_values(f->f_locals, ci)) * 1099511628211ULL;
    }
    return h;
}

/* The line of the instruction at byte offset lasti, from the table made at
 * start (CPython's own lookup walks the code's location table every time);
 * negative where the line holds a loop of its own. */
static int
npg_raw_line(int ci, int lasti)
{
    PyObject *table = PyTuple_GET_ITEM(A.tables, ci);
    Py_ssize_t unit = lasti / 2;
    if (lasti < 0 || unit >= PyBytes_GET_SIZE(table) / (Py_ssize_t)sizeof(int32_t)) {
        return 0;
    }
    return ((const int32_t *)PyBytes_AS_STRING(table))[unit];
}

static int
npg_line(int ci, int lasti)
{
    int line = npg_raw_line(ci, lasti);
    return line < 0 ? -line : line;
}

static npg_acc *
npg_acc_of(int lineno)
{
    if (lineno < 1 || lineno > A.nlines) {
        return NULL;
    }
    return &A.acc[lineno];
}

static void
npg_close(npg_rec *r, long long level)
{
    npg_acc *acc = npg_acc_of(r->lineno);
    if (acc == NULL) {
        return;
    }
    long long peak = r->peak > level ? r->peak : level;
    if (!r->nested) {
        acc->net += level - r->start;
    }
    if (peak - r->start > acc->peak) {
        acc->peak = peak - r->start;
    }
    long long transient = peak - (level > r->start ? level : r->start);
    if (transient > acc->temporaries) {
        acc->temporaries = transient;
    }
}

static void
npg_open(npg_rec *r, npg_frame *frame, int ci, int lasti, long long level)
{
    r->lineno = npg_line(ci, lasti);
    r->frame = frame;
    r->ci = ci;
    r->lasti = lasti;
    r->fingerprint = npg_fingerprint(frame, ci);
    r->start = level;
    r->peak = level;
    r->nested = 0;
    for (npg_rec *outer = A.stack; outer < r; outer++) {
        if (outer->lineno == r->lineno) {
            r->nested = 1;
            break;
        }
    }
    npg_acc *acc = npg_acc_of(r->lineno);
    if (acc != NULL) {
        acc->hits++;
    }
}

/* The frame's variables by name, in a dict of their own: frame.f_locals would
 * store a snapshot in the frame that keeps a rebound array alive until the
 * frame ends, and change the figures it is asked to explain. Module and class
 * bodies hand over their namespace itself. */
static PyObject *
npg_locals(npg_frame *f)
{
    PyCodeObject *co = (PyCodeObject *)npg_code(f);
    if (!(co->co_flags & CO_OPTIMIZED)) {
        return f->f_locals != NULL ? Py_NewRef(f->f_locals) : PyDict_New();
    }
    PyObject *out = PyDict_New();
    const char *kinds = PyBytes_AS_STRING(co->co_localspluskinds);
    for (int i = 0; out != NULL && i < co->co_nlocalsplus; i++) {
        PyObject *value = f->localsplus[i];
        if (kinds[i] & 0x10) {   /* CO_FAST_HIDDEN (3.12): an inlined comprehension's own */
            continue;
        }
        if ((kinds[i] & (0x40 | 0x80)) && value != NULL && PyCell_Check(value)) {
            value = PyCell_GET(value);   /* CO_FAST_CELL, CO_FAST_FREE */
        }
        if (value != NULL &&
                PyDict_SetItem(out, PyTuple_GET_ITEM(co->co_localsplusnames, i), value) < 0) {
            Py_CLEAR(out);
        }
    }
    return out;
}

static void npg_predict(npg_rec *r);

/* The line's first allocation, or one far larger than it was predicted at: let
 * Python read the live namespace (deep mode predicts from it). What the
 * callback allocates is not the line's. */
static void
npg_first(npg_rec *r, long long size)
{
    npg_acc *acc = npg_acc_of(r->lineno);
    if (acc == NULL) {
        return;
    }
    if (acc->predicted && acc->hits == acc->predicted_run) {
        if (size > acc->predicted_at) {
            acc->predicted_at = size;
        }
        return;
    }
    if (acc->predicted && (size < NPG_AGAIN_MIN || 2 * size <= 3 * acc->predicted_at)) {
        return;
    }
    acc->predicted = 1;
    acc->predicted_run = acc->hits;
    acc->predicted_at = size;
    npg_predict(r);
}

/* A calling line waits in its call while the callee allocates: predicted then
 * (and again as the calls grow), while the names it reads and binds still hold
 * what they held before it. */
static void
npg_first_callers(int n, long long size)
{
    for (int i = 0; i < n - 1; i++) {
        npg_first(&A.stack[i], size);
    }
}

/* Let Python read the live namespace of r's frame and predict r's line. */
static void
npg_predict(npg_rec *r)
{
    if (A.on_first == NULL) {
        return;
    }
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    long long level = atomic_load(&npg_current);
    long long peak = atomic_load(&npg_peak);
    PyObject *frame = npg_frame_object(r->frame);
    PyObject *names = frame != NULL ? npg_locals(r->frame) : NULL;
    if (names != NULL) {
        PyObject *res = PyObject_CallFunction(A.on_first, "OiO", frame, r->lineno, names);
        if (res == NULL && PyErr_ExceptionMatches(PyExc_KeyboardInterrupt)) {
            PyErr_Clear();
            PyErr_SetInterrupt();   /* raised again where the user's code can see it */
        }
        else if (res == NULL) {
            PyErr_WriteUnraisable(A.on_first);
        }
        Py_XDECREF(res);
    }
    Py_XDECREF(names);
    Py_XDECREF(frame);
    PyErr_Clear();
    PyErr_Restore(type, value, tb);
    for (int i = 0; i < A.depth; i++) {   /* what the callback stored is not a loop */
        A.stack[i].fingerprint = npg_fingerprint(A.stack[i].frame, A.stack[i].ci);
    }
    long long shift = atomic_load(&npg_current) - level;
    for (int i = 0; i < A.depth; i++) {
        A.stack[i].start += shift;
        A.stack[i].peak += shift;
    }
    long long now = atomic_load(&npg_current);
    atomic_store(&npg_peak, peak > now ? peak : now);
}

/* The common case, settled without walking the stack: the event comes from
 * the innermost open frame itself (no library frame above it), on the same
 * run of the same line, and the frames that called it have not moved. */
static int
npg_same_run(long long before, long long after)
{
    if (A.depth == 0) {
        return 0;
    }
    npg_rec *top = &A.stack[A.depth - 1];
    npg_frame *f = npg_top(A.tstate);
    if (f != top->frame || npg_code(f) != PyTuple_GET_ITEM(A.codes, top->ci)) {
        return 0;
    }
    int lasti = npg_lasti(f);
    uint64_t fp = npg_fingerprint(f, top->ci);
    if (lasti == top->lasti) {
        if (fp != top->fingerprint) {
            return 0;
        }
    }
    else if (lasti < top->lasti || npg_line(top->ci, lasti) != top->lineno) {
        return 0;
    }
    for (int i = A.depth - 2; i >= 0; i--) {
        npg_rec *r = &A.stack[i];
        if (npg_lasti(r->frame) != r->lasti || npg_fingerprint(r->frame, r->ci) != r->fingerprint) {
            return 0;
        }
    }
    top->lasti = lasti;
    top->fingerprint = fp;
    for (int i = 0; i < A.depth; i++) {
        if (after > A.stack[i].peak) {
            A.stack[i].peak = after;
        }
    }
    if (after > before) {
        npg_first(top, after - before);
    }
    return 1;
}

/* Any other event: walk the stack, close the lines whose runs ended and open
 * the new ones. Kept out of line so the common case pays for none of it. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void
npg_attribute_walk(long long before, long long after)
{
    /* The block's frames on the stack, innermost first. */
    npg_frame *chain[NPG_MAX_DEPTH];
    int chain_ci[NPG_MAX_DEPTH];
    int n = 0;
    for (npg_frame *f = npg_top(A.tstate); f != NULL; f = npg_back(f)) {
        Py_ssize_t idx = npg_code_index(npg_code(f));
        if (idx < 0) {
            continue;
        }
        if (n == NPG_MAX_DEPTH) {
            /* deeper recursion than we keep: charge the outer frames */
            memmove(chain, chain + 1, (NPG_MAX_DEPTH - 1) * sizeof(chain[0]));
            memmove(chain_ci, chain_ci + 1, (NPG_MAX_DEPTH - 1) * sizeof(chain_ci[0]));
            n--;
        }
        chain[n] = f;
        chain_ci[n++] = (int)idx;
        if (idx < A.nroots) {
            break;
        }
    }

    /* Match the stack of open lines (outermost first) against the chain. */
    int k = 0;
    /* Frames live in the thread's own stack of frames, so a frame that returned
     * leaves its address to the next one (IPython runs a cell's last expression
     * as a second code object): a frame is the same only with the same code. */
    while (k < A.depth && k < n && A.stack[k].frame == chain[n - 1 - k] &&
           A.stack[k].ci == chain_ci[n - 1 - k]) {
        k++;
    }
    for (int i = A.depth - 1; i >= k; i--) {   /* these frames returned */
        npg_close(&A.stack[i], before);
    }
    A.depth = k;
    for (int i = 0; i < k; i++) {
        npg_rec *r = &A.stack[i];
        int lasti = npg_lasti(r->frame);
        int moved;
        if (lasti == r->lasti) {
            uint64_t fp = npg_fingerprint(r->frame, r->ci);
            moved = fp != r->fingerprint;
            r->fingerprint = fp;
        }
        else if (lasti < r->lasti) {
            /* Back within a line that holds a loop of its own (a comprehension,
             * which 3.12 runs in the frame itself): the same run, unless the
             * frame's variables changed, i.e. an enclosing loop came round. */
            uint64_t fp = npg_fingerprint(r->frame, r->ci);
            moved = npg_raw_line(r->ci, lasti) != -r->lineno || fp != r->fingerprint;
            r->lasti = lasti;
        }
        else {
            /* A calling frame waits in a call: if its variables changed, it
             * came round to the call again (on 3.12 a generator's loop does so
             * at a later offset once specialized). The innermost frame's own
             * store frees the old value after the change, on the same run. */
            uint64_t fp = npg_fingerprint(r->frame, r->ci);
            moved = npg_line(r->ci, lasti) != r->lineno || (i < n - 1 && fp != r->fingerprint);
            r->lasti = lasti;
            r->fingerprint = fp;
        }
        if (moved) {
            /* A new run of a calling line: its callees are new calls, even
             * where a new frame reuses a returned one's address. */
            for (int j = k - 1; j > i; j--) {
                npg_close(&A.stack[j], before);
            }
            npg_close(r, before);
            npg_open(r, r->frame, r->ci, lasti, before);
            k = i + 1;
            break;
        }
    }
    for (int i = k; i < n; i++) {
        npg_frame *frame = chain[n - 1 - i];
        npg_open(&A.stack[i], frame, chain_ci[n - 1 - i], npg_lasti(frame), before);
    }
    A.depth = n;
    for (int i = 0; i < n; i++) {
        if (after > A.stack[i].peak) {
            A.stack[i].peak = after;
        }
    }
    if (n > 0 && after > before) {
        npg_first_callers(n, after - before);
        npg_first(&A.stack[n - 1], after - before);
    }
}

static inline void
npg_attribute(long long before, long long after)
{
    if (A.busy || A.codes == NULL) {
        return;
    }
    /* Only the starting thread, and only with the GIL held (NumPy may
     * allocate without it); other threads' bytes still move the level,
     * which is charged to whatever line is running, as a line event would. */
    if (!npg_on_thread || _PyThreadState_UncheckedGet() != A.tstate) {
        return;
    }
    A.busy = 1;
    A.events++;
    if (!npg_same_run(before, after)) {
        npg_attribute_walk(before, after);
    }
    A.busy = 0;
}

static void
npg_attribute_clear(void)
{
    atomic_store(&npg_attr_active, 0);
    Py_CLEAR(A.codes);
    Py_CLEAR(A.tables);
    Py_CLEAR(A.stores);
    Py_CLEAR(A.on_first);
    npg_stored_cache.dict = NULL;   /* the next block's codes and names are others */
    PyMem_Free(A.acc);
    A.acc = NULL;
    A.nlines = 0;
    A.depth = 0;
    A.busy = 0;
    A.tstate = NULL;
    npg_on_thread = 0;
}

static PyObject *
npg_attribute_start(PyObject *self, PyObject *args)
{
    PyObject *codes, *tables, *stores, *on_first;
    Py_ssize_t nroots;
    int nlines;
    if (!PyArg_ParseTuple(args, "O!O!O!niO", &PyTuple_Type, &codes, &PyTuple_Type, &tables,
                          &PyTuple_Type, &stores, &nroots, &nlines, &on_first)) {
        return NULL;
    }
    if (PyTuple_GET_SIZE(tables) != PyTuple_GET_SIZE(codes) || PyTuple_GET_SIZE(stores) != PyTuple_GET_SIZE(codes)) {
        PyErr_SetString(PyExc_ValueError, "need one line table and one tuple of stored names per code object");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(stores); i++) {
        PyObject *names = PyTuple_GET_ITEM(stores, i);
        if (!PyTuple_CheckExact(names)) {
            PyErr_SetString(PyExc_TypeError, "stored names must be a tuple per code object");
            return NULL;
        }
        for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(names); j++) {
            if (!PyUnicode_CheckExact(PyTuple_GET_ITEM(names, j))) {
                PyErr_SetString(PyExc_TypeError, "stored names must be str");
                return NULL;
            }
        }
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(tables); i++) {
        if (!PyBytes_CheckExact(PyTuple_GET_ITEM(tables, i))) {
            PyErr_SetString(PyExc_TypeError, "line tables must be bytes");
            return NULL;
        }
    }
    if (nroots < 1 || nroots > PyTuple_GET_SIZE(codes) || nlines < 0) {
        PyErr_SetString(PyExc_ValueError, "need 1 <= roots <= len(codes) and nlines >= 0");
        return NULL;
    }
    if (on_first != Py_None && !PyCallable_Check(on_first)) {
        PyErr_SetString(PyExc_TypeError, "on_first must be callable or None");
        return NULL;
    }
    npg_acc *acc = PyMem_Calloc((size_t)nlines + 1, sizeof(npg_acc));
    if (acc == NULL) {
        return PyErr_NoMemory();
    }
    npg_attribute_clear();
    A.codes = Py_NewRef(codes);
    A.tables = Py_NewRef(tables);
    A.stores = Py_NewRef(stores);
    A.nroots = nroots;
    A.on_first = on_first == Py_None ? NULL : Py_NewRef(on_first);
    A.acc = acc;
    A.nlines = nlines;
    A.events = 0;
    A.tstate = PyThreadState_Get();
    npg_on_thread = 1;
    atomic_store(&npg_attr_active, 1);
    Py_RETURN_NONE;
}

static PyObject *
npg_attribute_stop(PyObject *self, PyObject *unused)
{
    if (A.codes == NULL) {
        return Py_BuildValue("(()L)", 0LL);
    }
    atomic_store(&npg_attr_active, 0);
    long long level = atomic_load(&npg_current);
    for (int i = A.depth - 1; i >= 0; i--) {
        npg_close(&A.stack[i], level);
    }
    A.depth = 0;
    PyObject *lines = PyList_New(0);
    for (int ln = 1; lines != NULL && ln <= A.nlines; ln++) {
        npg_acc *a = &A.acc[ln];
        if (a->hits == 0) {
            continue;
        }
        PyObject *row = Py_BuildValue("(iLLLL)", ln, a->hits, a->net, a->peak, a->temporaries);
        if (row == NULL || PyList_Append(lines, row) < 0) {
            Py_XDECREF(row);
            Py_CLEAR(lines);
            break;
        }
        Py_DECREF(row);
    }
    long long events = A.events;
    npg_attribute_clear();
    if (lines == NULL) {
        return NULL;
    }
    PyObject *out = Py_BuildValue("(NL)", lines, events);
    return out;
}

#else  /* no attribution on this Python */

static inline void npg_attribute(long long before, long long after) { (void)before; (void)after; }

#endif
