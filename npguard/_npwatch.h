/*
 * The budget's watchdog, in a native thread that never takes the GIL.
 *
 * Included by _npcount.c on Linux. While armed, the thread reads the process's
 * resident pages from /proc/self/statm (kept open) every interval; past the
 * limit it takes the GIL once, calls on_fire(rss) (which words the reason) and
 * raises the exception class in the guarded thread with
 * PyThreadState_SetAsyncExc, as Ctrl-C would interrupt it. A Python thread
 * doing the same had to take the GIL every few milliseconds and, on a busy
 * machine, slowed a pure-Python loop by a quarter; this one costs the guarded
 * thread nothing until it fires.
 *
 * (Py_AddPendingCall would need no GIL, but on CPython 3.11 a call added from
 * a thread Python does not know is noticed only when the main thread next
 * switches the GIL, which a busy loop may not do for a long time.)
 */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#define NPG_WATCH 1

static pthread_mutex_t npg_watch_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t npg_watch_cond = PTHREAD_COND_INITIALIZER;
static pthread_t npg_watch_thread;
static int npg_watch_running = 0;   /* under the mutex */
static int npg_watch_closing = 0;   /* under the mutex */
static int npg_watch_armed = 0;     /* under the mutex */
static long long npg_watch_limit = 0;
static long npg_watch_interval_ns = 5000000;
static atomic_llong npg_watch_fired = 0;  /* RSS when it fired; 0: it did not */
static unsigned long npg_watch_target = 0;  /* the guarded thread's id */
static unsigned long long npg_watch_generation = 0;  /* under the mutex: +1 per arm and disarm */
static PyObject *npg_watch_callback = NULL;  /* on_fire(rss); touched with the GIL only */
static PyObject *npg_watch_exc = NULL;       /* the class raised; touched with the GIL only */

static long long
npg_statm_rss(int fd, long page)
{
    char buf[128];
    ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
    if (n <= 0) {
        return -1;
    }
    buf[n] = '\0';
    char *p = buf;
    while (*p && *p != ' ') {  /* skip the total size */
        p++;
    }
    return strtoll(p, NULL, 10) * page;
}

/* In the watchdog's thread, without the mutex: take the GIL and raise in the
 * guarded thread, unless it was disarmed (or re-armed) meanwhile. */
static void
npg_watch_fire(unsigned long long generation, long long rss)
{
    if (!Py_IsInitialized()) {
        return;
    }
    PyGILState_STATE gil = PyGILState_Ensure();
    pthread_mutex_lock(&npg_watch_mutex);
    int current = generation == npg_watch_generation && !npg_watch_closing;
    pthread_mutex_unlock(&npg_watch_mutex);
    /* With the GIL held the guarded code cannot disarm until this is done. */
    if (current && npg_watch_callback != NULL && npg_watch_exc != NULL) {
        PyObject *r = PyObject_CallFunction(npg_watch_callback, "L", rss);
        if (r == NULL) {
            PyErr_WriteUnraisable(npg_watch_callback);
        }
        Py_XDECREF(r);
        PyThreadState_SetAsyncExc(npg_watch_target, npg_watch_exc);
    }
    PyGILState_Release(gil);
}

static void *
npg_watch_main(void *unused)
{
    (void)unused;
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    long page = sysconf(_SC_PAGESIZE);
    pthread_mutex_lock(&npg_watch_mutex);
    while (!npg_watch_closing) {
        if (!npg_watch_armed || fd < 0) {
            pthread_cond_wait(&npg_watch_cond, &npg_watch_mutex);
            continue;
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += npg_watch_interval_ns;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&npg_watch_cond, &npg_watch_mutex, &until);
        if (!npg_watch_armed || npg_watch_closing) {
            continue;
        }
        long long rss = npg_statm_rss(fd, page);
        if (rss > npg_watch_limit) {
            npg_watch_armed = 0;
            atomic_store(&npg_watch_fired, rss);
            unsigned long long generation = npg_watch_generation;
            pthread_mutex_unlock(&npg_watch_mutex);
            npg_watch_fire(generation, rss);
            pthread_mutex_lock(&npg_watch_mutex);
        }
    }
    pthread_mutex_unlock(&npg_watch_mutex);
    if (fd >= 0) {
        close(fd);
    }
    return NULL;
}

/* A forked child has no watchdog thread: let its next arm start one. */
static void
npg_watch_after_fork(void)
{
    pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
    npg_watch_mutex = fresh;
    npg_watch_running = 0;
    npg_watch_armed = 0;
}

static PyObject *
npg_watch_arm(PyObject *self, PyObject *args)
{
    static int forks_handled = 0;
    if (!forks_handled) {
        forks_handled = pthread_atfork(NULL, NULL, npg_watch_after_fork) == 0;
    }
    long long limit;
    long interval_us;
    unsigned long target;
    PyObject *exc, *callback;
    if (!PyArg_ParseTuple(args, "LlkOO:watch_arm", &limit, &interval_us, &target, &exc, &callback)) {
        return NULL;
    }
    if (!PyCallable_Check(callback) || interval_us <= 0 || !PyExceptionClass_Check(exc)) {
        PyErr_SetString(PyExc_ValueError,
                        "watch_arm(limit, interval_us > 0, thread_id, exception class, callable)");
        return NULL;
    }
    Py_INCREF(callback);
    Py_XSETREF(npg_watch_callback, callback);
    Py_INCREF(exc);
    Py_XSETREF(npg_watch_exc, exc);
    atomic_store(&npg_watch_fired, 0);
    pthread_mutex_lock(&npg_watch_mutex);
    npg_watch_generation++;
    npg_watch_target = target;
    npg_watch_limit = limit;
    npg_watch_interval_ns = interval_us * 1000L;
    npg_watch_armed = 1;
    npg_watch_closing = 0;
    int err = 0;
    if (!npg_watch_running) {
        err = pthread_create(&npg_watch_thread, NULL, npg_watch_main, NULL);
        npg_watch_running = err == 0;
    }
    else {
        pthread_cond_signal(&npg_watch_cond);
    }
    pthread_mutex_unlock(&npg_watch_mutex);
    if (err != 0) {
        errno = err;
        return PyErr_SetFromErrno(PyExc_OSError);
    }
    Py_RETURN_NONE;
}

static PyObject *
npg_watch_disarm(PyObject *self, PyObject *unused)
{
    pthread_mutex_lock(&npg_watch_mutex);
    npg_watch_armed = 0;
    npg_watch_generation++;
    pthread_mutex_unlock(&npg_watch_mutex);
    /* An exception that has not arrived yet is taken in by the caller (see
     * npguard.watchdog): clearing it with PyThreadState_SetAsyncExc(id, NULL)
     * would leave CPython 3.11's eval breaker set for good. */
    return PyLong_FromLongLong(atomic_load(&npg_watch_fired));
}

static PyObject *
npg_watch_close(PyObject *self, PyObject *unused)
{
    pthread_mutex_lock(&npg_watch_mutex);
    npg_watch_armed = 0;
    int running = npg_watch_running;
    npg_watch_closing = 1;
    npg_watch_running = 0;
    npg_watch_generation++;
    pthread_cond_signal(&npg_watch_cond);
    pthread_mutex_unlock(&npg_watch_mutex);
    if (running) {
        Py_BEGIN_ALLOW_THREADS
        pthread_join(npg_watch_thread, NULL);
        Py_END_ALLOW_THREADS
    }
    Py_CLEAR(npg_watch_callback);
    Py_CLEAR(npg_watch_exc);
    Py_RETURN_NONE;
}
