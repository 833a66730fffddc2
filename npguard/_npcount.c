/*
 * npguard._npcount: an exact count of NumPy array-data bytes, via NEP 49.
 *
 * install() makes a PyDataMem_Handler named "npguard_counter" current in the
 * calling context.  Its functions chain to the handler that was current
 * before (normally NumPy's default one), so NumPy keeps its small-buffer
 * cache and its MADV_HUGEPAGE hint for large buffers; a handler that called
 * malloc directly would lose the hint and run NumPy-heavy code ~2x slower.
 *
 * Each handler struct carries, in its ctx, the previous handler's capsule.
 * NumPy stores the capsule of the allocating handler in every array and frees
 * through it, so a block is always released by the handler chain that
 * allocated it, however often install()/uninstall() run afterwards and in
 * whichever context.  The byte counters are process-wide.
 *
 * Block sizes are kept in a header in front of each block, because NumPy's
 * realloc does not pass the old size and the size NumPy passes to free is
 * its own idea of the array's size, not necessarily what was allocated.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Built against NumPy 2.x headers, the module must still load on 1.26:
 * NEP 49 exists since NumPy 1.22, so target that API and nothing newer. */
#define NPY_NO_DEPRECATED_API NPY_1_22_API_VERSION
#define NPY_TARGET_VERSION NPY_1_22_API_VERSION
#include <numpy/arrayobject.h>

#include <stdalign.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define NPG_HANDLER_NAME "npguard_counter"
#define NPG_CAPSULE_NAME "mem_handler"   /* the name NumPy checks */

/* The header keeps the block's payload as aligned as malloc's own result
 * (16 bytes on the platforms NumPy ships for). */
#define NPG_HEADER (alignof(max_align_t) > 16 ? alignof(max_align_t) : 16)

/* NumPy may allocate and free with the GIL released, from several threads. */
static atomic_llong npg_current = 0;
static atomic_llong npg_peak = 0;

/* The budget: 0 means none. A request that would take npg_current past it is
 * refused before the handler below is asked, so NumPy raises its own
 * MemoryError and the process never asks the OS for the memory. The last
 * refusal is kept for the report that explains it. */
static atomic_llong npg_budget = 0;
static atomic_llong npg_refusals = 0;
static atomic_llong npg_refused_size = 0;
static atomic_llong npg_refused_held = 0;

typedef struct {
    PyDataMem_Handler handler;  /* first: NumPy receives &handler */
    PyObject *prev_capsule;     /* strong reference: keeps prev alive */
    PyDataMem_Handler *prev;
} npg_handler;

/* The handler made by the last install(), reused while the handler it chains
 * to stays the same (the common case), so install/uninstall cycles allocate
 * nothing. */
static PyObject *npg_last_capsule = NULL;

/* Per-line attribution (attribute_start/attribute_stop), defined below. */
static atomic_int npg_attr_active = 0;
static inline void npg_attribute(long long before, long long after);

static inline void
npg_add(long long delta)
{
    long long now = atomic_fetch_add(&npg_current, delta) + delta;
    if (delta > 0) {
        long long seen = atomic_load(&npg_peak);
        while (now > seen &&
               !atomic_compare_exchange_weak(&npg_peak, &seen, now)) {
        }
    }
    if (atomic_load_explicit(&npg_attr_active, memory_order_relaxed)) {
        npg_attribute(now - delta, now);
    }
}

/* Whether a request for `size` more bytes must be refused. The fast path (no
 * budget) is one relaxed load and a branch. Concurrent requests may each pass
 * the check and together overshoot it by what they ask; that is accepted, the
 * budget is a guard against the one large request, not an exact ledger. */
static inline int
npg_refuse(long long size)
{
    long long budget = atomic_load_explicit(&npg_budget, memory_order_relaxed);
    if (budget == 0 || size <= 0) {
        return 0;
    }
    long long held = atomic_load_explicit(&npg_current, memory_order_relaxed);
    if (held + size <= budget) {
        return 0;
    }
    atomic_store(&npg_refused_size, size);
    atomic_store(&npg_refused_held, held);
    atomic_fetch_add(&npg_refusals, 1);
    return 1;
}

static inline void *
npg_payload(void *base, size_t size)
{
    *(size_t *)base = size;
    return (char *)base + NPG_HEADER;
}

static void *
npg_malloc(void *ctx, size_t size)
{
    PyDataMem_Handler *prev = ((npg_handler *)ctx)->prev;
    if (size > SIZE_MAX - NPG_HEADER || npg_refuse((long long)size)) {
        return NULL;
    }
    void *base = prev->allocator.malloc(prev->allocator.ctx, size + NPG_HEADER);
    if (base == NULL) {
        return NULL;
    }
    npg_add((long long)size);
    return npg_payload(base, size);
}

static void *
npg_calloc(void *ctx, size_t nelem, size_t elsize)
{
    PyDataMem_Handler *prev = ((npg_handler *)ctx)->prev;
    if (elsize != 0 && nelem > (SIZE_MAX - NPG_HEADER) / elsize) {
        return NULL;
    }
    size_t size = nelem * elsize;
    if (npg_refuse((long long)size)) {
        return NULL;
    }
    /* One element of the whole size keeps calloc's lazily zeroed pages for
     * large blocks: np.zeros of a huge array touches no memory. */
    void *base = prev->allocator.calloc(prev->allocator.ctx, 1, size + NPG_HEADER);
    if (base == NULL) {
        return NULL;
    }
    npg_add((long long)size);
    return npg_payload(base, size);
}

static void
npg_free(void *ctx, void *ptr, size_t size)
{
    (void)size;  /* NumPy's idea of the size; the header holds the truth */
    if (ptr == NULL) {
        return;
    }
    PyDataMem_Handler *prev = ((npg_handler *)ctx)->prev;
    void *base = (char *)ptr - NPG_HEADER;
    size_t own = *(size_t *)base;
    prev->allocator.free(prev->allocator.ctx, base, own + NPG_HEADER);
    npg_add(-(long long)own);
}

static void *
npg_realloc(void *ctx, void *ptr, size_t new_size)
{
    if (ptr == NULL) {
        return npg_malloc(ctx, new_size);
    }
    PyDataMem_Handler *prev = ((npg_handler *)ctx)->prev;
    if (new_size > SIZE_MAX - NPG_HEADER) {
        return NULL;
    }
    void *base = (char *)ptr - NPG_HEADER;
    size_t old_size = *(size_t *)base;
    if (npg_refuse((long long)new_size - (long long)old_size)) {
        return NULL;  /* NumPy keeps the old block, as after a failed realloc */
    }
    void *moved = prev->allocator.realloc(prev->allocator.ctx, base,
                                          new_size + NPG_HEADER);
    if (moved == NULL) {
        return NULL;  /* the old block is untouched and still counted */
    }
    npg_add((long long)new_size - (long long)old_size);
    return npg_payload(moved, new_size);
}

static void
npg_capsule_destructor(PyObject *capsule)
{
    npg_handler *h = PyCapsule_GetPointer(capsule, NPG_CAPSULE_NAME);
    if (h == NULL) {
        PyErr_WriteUnraisable(capsule);
        return;
    }
    Py_XDECREF(h->prev_capsule);
    PyMem_RawFree(h);
}

static PyDataMem_Handler *
npg_handler_of(PyObject *capsule)
{
    return PyCapsule_GetPointer(capsule, NPG_CAPSULE_NAME);
}

static int
npg_is_ours(PyDataMem_Handler *h)
{
    return h != NULL && h->allocator.malloc == npg_malloc;
}

/* A new capsule for a handler that chains to prev_capsule's handler. */
static PyObject *
npg_new_capsule(PyObject *prev_capsule)
{
    PyDataMem_Handler *prev = npg_handler_of(prev_capsule);
    if (prev == NULL) {
        return NULL;
    }
    npg_handler *h = PyMem_RawCalloc(1, sizeof(npg_handler));
    if (h == NULL) {
        return PyErr_NoMemory();
    }
    strncpy(h->handler.name, NPG_HANDLER_NAME, sizeof(h->handler.name) - 1);
    h->handler.version = 1;
    h->handler.allocator.ctx = h;
    h->handler.allocator.malloc = npg_malloc;
    h->handler.allocator.calloc = npg_calloc;
    h->handler.allocator.realloc = npg_realloc;
    h->handler.allocator.free = npg_free;
    h->prev = prev;
    Py_INCREF(prev_capsule);
    h->prev_capsule = prev_capsule;
    PyObject *capsule = PyCapsule_New(h, NPG_CAPSULE_NAME, npg_capsule_destructor);
    if (capsule == NULL) {
        Py_DECREF(prev_capsule);
        PyMem_RawFree(h);
    }
    return capsule;
}

static PyObject *
npg_install(PyObject *self, PyObject *unused)
{
    PyObject *current = PyDataMem_GetHandler();
    if (current == NULL) {
        return NULL;
    }
    PyDataMem_Handler *cur = npg_handler_of(current);
    if (cur == NULL) {
        Py_DECREF(current);
        return NULL;
    }
    if (npg_is_ours(cur)) {
        Py_DECREF(current);
        Py_RETURN_FALSE;
    }
    PyObject *ours;
    npg_handler *last = npg_last_capsule == NULL
        ? NULL : (npg_handler *)npg_handler_of(npg_last_capsule);
    if (last != NULL && last->prev_capsule == current) {
        ours = Py_NewRef(npg_last_capsule);
    }
    else {
        ours = npg_new_capsule(current);
        if (ours == NULL) {
            Py_DECREF(current);
            return NULL;
        }
        Py_XSETREF(npg_last_capsule, Py_NewRef(ours));
    }
    Py_DECREF(current);
    PyObject *old = PyDataMem_SetHandler(ours);
    Py_DECREF(ours);
    if (old == NULL) {
        return NULL;
    }
    Py_DECREF(old);
    Py_RETURN_TRUE;
}

static PyObject *
npg_uninstall(PyObject *self, PyObject *unused)
{
    PyObject *current = PyDataMem_GetHandler();
    if (current == NULL) {
        return NULL;
    }
    PyDataMem_Handler *cur = npg_handler_of(current);
    if (cur == NULL) {
        Py_DECREF(current);
        return NULL;
    }
    if (!npg_is_ours(cur)) {
        Py_DECREF(current);
        Py_RETURN_FALSE;
    }
    PyObject *old = PyDataMem_SetHandler(((npg_handler *)cur)->prev_capsule);
    Py_DECREF(current);
    if (old == NULL) {
        return NULL;
    }
    Py_DECREF(old);
    Py_RETURN_TRUE;
}

static PyObject *
npg_is_installed(PyObject *self, PyObject *unused)
{
    PyObject *current = PyDataMem_GetHandler();
    if (current == NULL) {
        return NULL;
    }
    PyDataMem_Handler *cur = npg_handler_of(current);
    Py_DECREF(current);
    if (cur == NULL) {
        return NULL;
    }
    return PyBool_FromLong(npg_is_ours(cur));
}

static PyObject *
npg_current_bytes(PyObject *self, PyObject *unused)
{
    return PyLong_FromLongLong(atomic_load(&npg_current));
}

static PyObject *
npg_peak_bytes(PyObject *self, PyObject *unused)
{
    return PyLong_FromLongLong(atomic_load(&npg_peak));
}

static PyObject *
npg_reset_peak(PyObject *self, PyObject *unused)
{
    atomic_store(&npg_peak, atomic_load(&npg_current));
    Py_RETURN_NONE;
}

static PyObject *
npg_set_budget(PyObject *self, PyObject *arg)
{
    long long budget = PyLong_AsLongLong(arg);
    if (budget == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (budget < 0) {
        PyErr_SetString(PyExc_ValueError, "a budget is a number of bytes >= 0 (0: none)");
        return NULL;
    }
    atomic_store(&npg_budget, budget);
    Py_RETURN_NONE;
}

static PyObject *
npg_get_budget(PyObject *self, PyObject *unused)
{
    return PyLong_FromLongLong(atomic_load(&npg_budget));
}

static PyObject *
npg_refused(PyObject *self, PyObject *unused)
{
    return Py_BuildValue("(LLL)", (long long)atomic_load(&npg_refusals),
                         (long long)atomic_load(&npg_refused_size),
                         (long long)atomic_load(&npg_refused_held));
}

#include "_npattr.h"

#ifdef __linux__
#include "_npwatch.h"
#endif

static PyMethodDef npg_methods[] = {
    {"install", npg_install, METH_NOARGS,
     "install() -> bool\n\nMake the counting handler current in this context, "
     "chained to the current one.\nFalse if it already was (then nothing changes)."},
    {"uninstall", npg_uninstall, METH_NOARGS,
     "uninstall() -> bool\n\nRestore the handler ours chains to, if ours is "
     "current in this context.\nFalse if it was not (then nothing changes)."},
    {"is_installed", npg_is_installed, METH_NOARGS,
     "is_installed() -> bool\n\nWhether the counting handler is current in this context."},
    {"current", npg_current_bytes, METH_NOARGS,
     "current() -> int\n\nBytes of NumPy data alive that were allocated through the counter."},
    {"peak", npg_peak_bytes, METH_NOARGS,
     "peak() -> int\n\nThe highest current() since the module loaded or reset_peak()."},
    {"reset_peak", npg_reset_peak, METH_NOARGS,
     "reset_peak() -> None\n\nStart a new peak from current()."},
    {"set_budget", npg_set_budget, METH_O,
     "set_budget(nbytes) -> None\n\nRefuse any request that would take current() past nbytes "
     "(0: no budget)."},
    {"budget", npg_get_budget, METH_NOARGS,
     "budget() -> int\n\nThe budget in bytes, 0 when there is none."},
    {"refused", npg_refused, METH_NOARGS,
     "refused() -> (count, size, held)\n\nHow many requests the budget refused, and the "
     "last one's size and the bytes held when it came."},
#ifdef NPG_WATCH
    {"watch_arm", npg_watch_arm, METH_VARARGS,
     "watch_arm(limit, interval_us, thread_id, exc, on_fire) -> None\n\n"
     "Read the process's RSS every interval_us from a native thread; past limit,\n"
     "call on_fire(rss) once and raise the class exc in thread thread_id."},
    {"watch_disarm", npg_watch_disarm, METH_NOARGS,
     "watch_disarm() -> int\n\nStop watching; the RSS when it fired since the last arm, or 0."},
    {"watch_close", npg_watch_close, METH_NOARGS,
     "watch_close() -> None\n\nDisarm and end the thread."},
#endif
#ifdef NPG_ATTRIBUTION
    {"attribute_start", npg_attribute_start, METH_VARARGS,
     "attribute_start(codes, tables, stores, roots, nlines, on_first) -> None\n\n"
     "Charge every counted allocation and free made on this thread to the\n"
     "running line of the innermost frame whose code is one of codes (a tuple;\n"
     "its first roots items are the block's top-level code, where the walk out\n"
     "of the stack stops). tables: per code, bytes of native int32, the line of\n"
     "each 2-byte code unit (0: none). stores: per code, a tuple of the names\n"
     "a module or class body stores (a loop at that level is told by them).\n"
     "on_first(frame, lineno, names), or None,\n"
     "is called at each line's first allocation, names a dict of the frame's\n"
     "variables (read it instead of frame.f_locals, which keeps a snapshot)."},
    {"attribute_stop", npg_attribute_stop, METH_NOARGS,
     "attribute_stop() -> (lines, events)\n\n"
     "End attribution. lines: (lineno, hits, net, peak, temporaries) tuples\n"
     "for every line charged at least once; events: allocations and frees seen."},
#endif
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef npg_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "npguard._npcount",
    .m_doc = "Exact NumPy data-byte counter via NumPy's NEP 49 allocator hook.",
    .m_size = -1,
    .m_methods = npg_methods,
};

PyMODINIT_FUNC
PyInit__npcount(void)
{
    /* import_array() would print the real reason to stderr and replace it
     * with a generic ImportError; keep it, so npguard can tell the user why
     * the counter is unavailable (e.g. a C-API version mismatch). */
    if (_import_array() < 0) {
        return NULL;
    }
    PyObject *m = PyModule_Create(&npg_module);
    if (m == NULL) {
        return NULL;
    }
    if (PyModule_AddStringConstant(m, "HANDLER_NAME", NPG_HANDLER_NAME) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
