/*
 * stats(folder_fd, names): what the result cache needs of each file's stat, for a whole folder
 * in one call: [(st_size, st_mtime_ns, st_ctime_ns, st_ino) or None, ...], following symlinks
 * as os.stat does, with the same numbers os.stat gives.
 *
 * A rerun over an unchanged repository is mostly this: one stat per file. os.stat builds a
 * 20-field stat_result (with float times) per file; this builds the four numbers the cache
 * keys on, and releases the GIL for the system calls.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <fcntl.h>
#include <sys/stat.h>

#if defined(__APPLE__)
#define MTIME(st) ((st).st_mtimespec)
#define CTIME(st) ((st).st_ctimespec)
#else
#define MTIME(st) ((st).st_mtim)
#define CTIME(st) ((st).st_ctim)
#endif

static PyObject *nanoseconds(struct timespec t) {
    if (t.tv_sec > -9000000000LL && t.tv_sec < 9000000000LL) /* fits in 64 bits */
        return PyLong_FromLongLong((long long)t.tv_sec * 1000000000LL + (long long)t.tv_nsec);
    PyObject *seconds = PyLong_FromLongLong((long long)t.tv_sec);
    PyObject *billion = PyLong_FromLong(1000000000L);
    PyObject *nano = PyLong_FromLong((long)t.tv_nsec);
    PyObject *out = NULL, *scaled = NULL;
    if (seconds != NULL && billion != NULL && nano != NULL &&
        (scaled = PyNumber_Multiply(seconds, billion)) != NULL)
        out = PyNumber_Add(scaled, nano);
    Py_XDECREF(seconds);
    Py_XDECREF(billion);
    Py_XDECREF(nano);
    Py_XDECREF(scaled);
    return out;
}

static PyObject *stat_tuple(const struct stat *st) {
    PyObject *size = PyLong_FromLongLong((long long)st->st_size);
    PyObject *mtime = nanoseconds(MTIME(*st));
    PyObject *ctime = nanoseconds(CTIME(*st));
    PyObject *inode = PyLong_FromUnsignedLongLong((unsigned long long)st->st_ino);
    PyObject *out = NULL;
    if (size != NULL && mtime != NULL && ctime != NULL && inode != NULL)
        out = PyTuple_Pack(4, size, mtime, ctime, inode);
    Py_XDECREF(size);
    Py_XDECREF(mtime);
    Py_XDECREF(ctime);
    Py_XDECREF(inode);
    return out;
}

static PyObject *stats(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 2 || !PyLong_Check(args[0]) || !PyList_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "stats(folder_fd: int, names: list[str])");
        return NULL;
    }
    int folder = (int)PyLong_AsLong(args[0]);
    if (folder == -1 && PyErr_Occurred()) return NULL;
    PyObject *names = args[1];
    Py_ssize_t count = PyList_GET_SIZE(names);
    PyObject *out = PyList_New(count);
    if (out == NULL) return NULL;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *encoded = PyUnicode_EncodeFSDefault(PyList_GET_ITEM(names, i));
        if (encoded == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        struct stat st;
        int failed;
        Py_BEGIN_ALLOW_THREADS
        failed = fstatat(folder, PyBytes_AS_STRING(encoded), &st, 0);
        Py_END_ALLOW_THREADS
        Py_DECREF(encoded);
        PyObject *item = failed ? Py_NewRef(Py_None) : stat_tuple(&st);
        if (item == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, item);
    }
    return out;
}

static PyMethodDef methods[] = {
    {"stats", (PyCFunction)(void (*)(void))stats, METH_FASTCALL,
     "stats(folder_fd, names) -> [(size, mtime_ns, ctime_ns, ino) | None, ...]"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_faststat", "Stats for the result cache.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__faststat(void) { return PyModule_Create(&module_def); }
