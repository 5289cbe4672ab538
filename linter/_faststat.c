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

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* listing(folder_fd): ([subfolders], [files]) of a folder, each sorted as sorted() sorts str.
   Subfolders are real folders (links to folders are not followed); files are regular files,
   links to regular files included, as DirEntry.is_dir(follow_symlinks=False) and
   is_file() tell them apart. Names are decoded as os.scandir decodes them. */
static PyObject *listing(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 1 || !PyLong_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "listing(folder_fd: int)");
        return NULL;
    }
    int folder = (int)PyLong_AsLong(args[0]);
    if (folder == -1 && PyErr_Occurred()) return NULL;
    int copy = dup(folder); /* closedir closes the descriptor it was given */
    DIR *dir = copy < 0 ? NULL : fdopendir(copy);
    if (dir == NULL) {
        if (copy >= 0) close(copy);
        return PyErr_SetFromErrno(PyExc_OSError);
    }
    rewinddir(dir); /* the copy shares its offset with the caller's descriptor */
    PyObject *dirs = PyList_New(0), *files = PyList_New(0), *out = NULL;
    if (dirs == NULL || files == NULL) goto done;
    for (;;) {
        errno = 0;
        struct dirent *entry = readdir(dir);
        if (entry == NULL) {
            if (errno != 0) {
                PyErr_SetFromErrno(PyExc_OSError);
                goto done;
            }
            break;
        }
        const char *name = entry->d_name;
        if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
        int is_dir = 0, is_file = 0;
        unsigned char type = entry->d_type;
        struct stat st;
        if (type == DT_UNKNOWN) { /* some file systems do not say: ask, without following */
            if (fstatat(folder, name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
            type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK
                   : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
        }
        if (type == DT_DIR) is_dir = 1;
        else if (type == DT_REG) is_file = 1;
        else if (type == DT_LNK) is_file = fstatat(folder, name, &st, 0) == 0 && S_ISREG(st.st_mode);
        if (!is_dir && !is_file) continue;
        PyObject *decoded = PyUnicode_DecodeFSDefault(name);
        if (decoded == NULL || PyList_Append(is_dir ? dirs : files, decoded) < 0) {
            Py_XDECREF(decoded);
            goto done;
        }
        Py_DECREF(decoded);
    }
    if (PyList_Sort(dirs) == 0 && PyList_Sort(files) == 0) out = PyTuple_Pack(2, dirs, files);
done:
    rewinddir(dir); /* and leaves the caller's descriptor where it found it */
    closedir(dir);
    Py_XDECREF(dirs);
    Py_XDECREF(files);
    return out;
}

static PyMethodDef methods[] = {
    {"listing", (PyCFunction)(void (*)(void))listing, METH_FASTCALL,
     "listing(folder_fd) -> ([subfolders], [files]), sorted"},
    {"stats", (PyCFunction)(void (*)(void))stats, METH_FASTCALL,
     "stats(folder_fd, names) -> [(size, mtime_ns, ctime_ns, ino) | None, ...]"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_faststat", "Stats for the result cache.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__faststat(void) { return PyModule_Create(&module_def); }
