/*
 * A fast path for the YAML that articles are written in.
 *
 * parse(text, plain, bail) reads the plain block subset of YAML that front matter almost
 * always is (block mappings and sequences, one-line plain and quoted scalars with the escapes
 * libyaml accepts, comments, empty [] and {}) and returns exactly what the libyaml path
 * (linter/reading/yamllib.py) builds from the same text:
 *
 *   (data, spans, index, suspects)
 *     data     the values (dict / list / str / int / whatever plain() makes of a plain scalar)
 *     spans    ({pointer: n}, marks): the pointers in the builder's order, each with its
 *              number n; marks holds, as the n-th run of seven Py_ssize_t (struct format
 *              "7n"), the key line, key column, key index, line, column, index and end index
 *              of that value: libyaml's marks for the key and the value
 *     index    {pattern: [(pointer, value), ...]} without the root entry
 *     suspects [(pointer, pattern, value), ...] of the plain scalars that YAML 1.1 and 1.2
 *              may read apart (linter.reading.parsed.may_read_apart says which)
 *
 * or None for anything outside the subset (anchors, tags, block scalars, multi-line scalars,
 * flow collections with items, duplicate keys, tabs, CR, control characters, ...):
 * the caller then takes the libyaml path, which parses everything and explains every error.
 * None is always a safe answer; a wrong tuple is not, and tests compare this parser with the
 * libyaml path on corpora and generated documents.
 *
 * Plain scalars are resolved here when the answer is plain (strings, decimal integers, the
 * boolean and null words, dates, which stay text); plain(text) resolves the rest (YAML 1.1's
 * other implicit types) and returns bail for a tag the builder does not construct, which
 * makes the whole parse None.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Below linter.reading.yamlload's limits, so that the libyaml path reports what exceeds them. */
#define MAX_DEPTH 60
#define MAX_VALUES 90000
/* The numbers kept of each value's marks (see spans above). */
#define SPAN 7
/* libyaml allows simple keys of at most 1024 characters. */
#define MAX_KEY 1000

typedef struct {
    Py_ssize_t line, column, index;
} Mark;

typedef struct {
    PyObject *text;
    int kind;
    const void *data;
    Py_ssize_t len;
    Py_ssize_t pos;        /* the current character */
    Py_ssize_t line;       /* its line, from 0 */
    Py_ssize_t line_start; /* where that line starts */
    Py_ssize_t indent;     /* the indentation of the content at pos; -1 at the end */
    Py_ssize_t values;
    Py_ssize_t *marks;     /* SPAN numbers per value, by the value's number */
    Py_ssize_t capacity;   /* of marks, in values */
    int suspect;           /* the scalar just read is one of the suspects */
    PyObject *spans, *index, *suspects, *plain, *bail;
} Parser;

static PyObject *two_quotes, *one_quote, *star;

/* a + "/" + b: pointers and patterns, two per value (PyUnicode_FromFormat is slower). */
static PyObject *join(PyObject *a, PyObject *b) {
    Py_ssize_t la = PyUnicode_GET_LENGTH(a), lb = PyUnicode_GET_LENGTH(b);
    Py_UCS4 ma = PyUnicode_MAX_CHAR_VALUE(a), mb = PyUnicode_MAX_CHAR_VALUE(b);
    PyObject *out = PyUnicode_New(la + 1 + lb, ma > mb ? ma : mb);
    if (out == NULL) return NULL;
    PyUnicode_WRITE(PyUnicode_KIND(out), PyUnicode_DATA(out), la, '/');
    if (PyUnicode_CopyCharacters(out, 0, a, 0, la) < 0 ||
        PyUnicode_CopyCharacters(out, la + 1, b, 0, lb) < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

static PyObject *join_index(PyObject *a, Py_ssize_t i) {
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%zd", i);
    PyObject *b = PyUnicode_FromStringAndSize(digits, n);
    if (b == NULL) return NULL;
    PyObject *out = join(a, b);
    Py_DECREF(b);
    return out;
}

/* 0 past the end: the text holds no NUL once check_text has accepted it. */
static inline Py_UCS4 at(const Parser *p, Py_ssize_t i) {
    return i < p->len ? PyUnicode_READ(p->kind, p->data, i) : 0;
}

static inline int blank_or_end(Py_UCS4 c) { return c == ' ' || c == '\n' || c == 0; }

static inline Mark here(const Parser *p) {
    Mark m = {p->line, p->pos - p->line_start, p->pos};
    return m;
}

static inline int is_entry(const Parser *p) {
    return at(p, p->pos) == '-' && blank_or_end(at(p, p->pos + 1));
}

/* Only characters that libyaml reads as themselves: no tab, CR, NEL, LS, PS, BOM, control. */
static int check_text(const Parser *p) {
    for (Py_ssize_t i = 0; i < p->len; i++) {
        Py_UCS4 c = PyUnicode_READ(p->kind, p->data, i);
        if (c >= 0x20 && c <= 0x7E) continue;
        if (c == '\n') continue;
        if (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029) continue;
        if (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) continue;
        if (c >= 0x10000 && c <= 0x10FFFF) continue;
        return 0;
    }
    return 1;
}

/* From the start of a line, skip blank and comment lines; 0, or -1 on a document marker. */
static int next_content(Parser *p) {
    for (;;) {
        Py_ssize_t i = p->pos;
        while (at(p, i) == ' ') i++;
        Py_UCS4 c = at(p, i);
        if (c == '#')
            while (at(p, i) != '\n' && i < p->len) i++;
        if (i >= p->len) {
            p->pos = p->len;
            p->indent = -1;
            return 0;
        }
        if (at(p, i) == '\n') {
            p->pos = i + 1;
            p->line++;
            p->line_start = p->pos;
            continue;
        }
        p->pos = i;
        p->indent = i - p->line_start;
        if (p->indent == 0 && blank_or_end(at(p, i + 3)) &&
            ((c == '-' && at(p, i + 1) == '-' && at(p, i + 2) == '-') ||
             (c == '.' && at(p, i + 1) == '.' && at(p, i + 2) == '.')))
            return -1;
        return 0;
    }
}

/* After a value: spaces and a comment may end the line, then on to the next content. */
static int end_line(Parser *p) {
    Py_ssize_t i = p->pos;
    while (at(p, i) == ' ') i++;
    if (at(p, i) == '#') {
        if (i == 0 || at(p, i - 1) != ' ') return -1;
        while (at(p, i) != '\n' && i < p->len) i++;
    }
    if (i < p->len && at(p, i) != '\n') return -1;
    p->pos = i;
    if (i < p->len) {
        p->pos = i + 1;
        p->line++;
        p->line_start = p->pos;
    }
    return next_content(p);
}

/* 1 if a plain 'key:' starts at pos (its ':' at *colon), 0 if not, -1 for keys left to libyaml. */
static int scan_key(const Parser *p, Py_ssize_t *colon) {
    Py_UCS4 c = at(p, p->pos);
    if (c < 128 && strchr("-?:,[]{}#&*!|>'\"%@`<", (int)c)) return 0;
    Py_ssize_t i = p->pos;
    for (;;) {
        c = at(p, i);
        if (c == '\n' || c == 0) return 0;
        if (c == ':' && blank_or_end(at(p, i + 1))) break;
        if (c == '#' && at(p, i - 1) == ' ') return 0;
        if (i - p->pos > MAX_KEY) return -1;
        i++;
    }
    if (at(p, i - 1) == ' ') return -1;
    for (Py_ssize_t j = p->pos; j < i; j++) {
        c = at(p, j);
        if (c == '/' || c == '~') return -1; /* pointers escape these; the builder does */
    }
    *colon = i;
    return 1;
}

/* Decimal digits without a leading zero (YAML 1.1 reads 012 as octal), short enough. */
static int decimal(const Parser *p, Py_ssize_t start, Py_ssize_t end, long long *n) {
    if (end <= start || end - start > 18 || at(p, start) == '0') return 0;
    *n = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 d = at(p, i);
        if (d < '0' || d > '9') return 0;
        *n = *n * 10 + (long long)(d - '0');
    }
    return 1;
}

/* The words PyYAML's resolver reads as booleans and nulls; 1 if `word` is one. */
static int word_value(const char *word, PyObject **value) {
    static const char *const yes[] = {"yes", "Yes", "YES", "true", "True", "TRUE",
                                      "on",  "On",  "ON",  NULL};
    static const char *const no[] = {"no",    "No",  "NO",  "false", "False", "FALSE",
                                     "off",   "Off", "OFF", NULL};
    static const char *const null[] = {"~", "null", "Null", "NULL", NULL};
    const char *const *lists[] = {yes, no, null};
    PyObject *values[] = {Py_True, Py_False, Py_None};
    for (int k = 0; k < 3; k++)
        for (const char *const *w = lists[k]; *w != NULL; w++)
            if (strcmp(*w, word) == 0) {
                *value = Py_NewRef(values[k]);
                return 1;
            }
    return 0;
}

/* Whether a scalar that starts with a digit has a character no YAML 1.1 number has: then it
   is a string or a timestamp, and both stay the text that was written. */
static int not_a_number(const Parser *p, Py_ssize_t start, Py_ssize_t end) {
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 d = at(p, i);
        if (d >= 128 || !strchr("0123456789_.:+-eExXoObBabcdfABCDF", (int)d)) return 1;
    }
    return 0;
}

/* Whether a word PyYAML reads as a boolean or null means the same in YAML 1.2's core schema
   (true, false, null and ~ do; yes, no, on and off do not). */
static int core_word(const char *word) {
    return strchr("tTfF~", word[0]) != NULL ||
           ((word[0] == 'n' || word[0] == 'N') && (word[1] == 'u' || word[1] == 'U'));
}

/* Sets p->suspect as linter.reading.parsed.may_read_apart decides for the same text. */
static PyObject *plain_value(Parser *p, Py_ssize_t start, Py_ssize_t end) {
    Py_UCS4 c = at(p, start);
    p->suspect = 0;
    /* First characters of YAML 1.1's implicit types, as in PyYAML's resolver. */
    if (c >= 128 || !strchr("yYnNtTfFoO-+0123456789.<~=", (int)c))
        return PyUnicode_Substring(p->text, start, end);
    long long n;
    if (end - start == 1 && c == '0') return PyLong_FromLong(0);
    if (decimal(p, start, end, &n)) return PyLong_FromLongLong(n);
    if (c == '-' && decimal(p, start + 1, end, &n)) return PyLong_FromLongLong(-n);
    p->suspect = 1;
    if (c >= '0' && c <= '9' && not_a_number(p, start, end))
        return PyUnicode_Substring(p->text, start, end);
    if (end - start <= 5) {
        char word[6];
        Py_ssize_t i = 0;
        for (; i < end - start; i++) {
            Py_UCS4 d = at(p, start + i);
            if (d >= 128) break;
            word[i] = (char)d;
        }
        word[i] = 0;
        PyObject *value;
        if (i == end - start && word_value(word, &value)) {
            p->suspect = !core_word(word);
            return value;
        }
    }
    /* Only the boolean and null words start so (PyYAML's resolvers by first character):
       anything else, "news" or "true-ish", is a string. */
    if (strchr("yYnNtTfFoO~", (int)c)) {
        p->suspect = 0;
        return PyUnicode_Substring(p->text, start, end);
    }
    PyObject *text = PyUnicode_Substring(p->text, start, end);
    if (text == NULL) return NULL;
    PyObject *value = PyObject_CallOneArg(p->plain, text);
    Py_DECREF(text);
    if (value == p->bail) {
        Py_DECREF(value);
        return NULL;
    }
    return value;
}

/* libyaml's one-character escapes in double quotes, and what they stand for (not \', which
   YAML 1.1 lacks and libyaml refuses). */
static Py_UCS4 simple_escape(Py_UCS4 c) {
    switch (c) {
    case '0': return 0x00;
    case 'a': return 0x07;
    case 'b': return 0x08;
    case 't': return 0x09;
    case 'n': return 0x0A;
    case 'v': return 0x0B;
    case 'f': return 0x0C;
    case 'r': return 0x0D;
    case 'e': return 0x1B;
    case ' ': return 0x20;
    case '"': return '"';
    case '/': return '/';
    case '\\': return '\\';
    case 'N': return 0x85;
    case '_': return 0xA0;
    case 'L': return 0x2028;
    case 'P': return 0x2029;
    default: return 0xFFFFFFFF;
    }
}

static int hex_value(Py_UCS4 c) {
    if (c >= '0' && c <= '9') return (int)(c - '0');
    if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return (int)(c - 'A' + 10);
    return -1;
}

/* The text of a one-line double-quoted scalar with escapes, or NULL (no exception) for an
   escape libyaml refuses: the libyaml path then explains it. */
static PyObject *unescape(const Parser *p, Py_ssize_t start, Py_ssize_t end) {
    Py_UCS4 *out = PyMem_New(Py_UCS4, (size_t)(end - start));
    if (out == NULL) return PyErr_NoMemory();
    Py_ssize_t n = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 c = at(p, i);
        if (c != '\\') {
            out[n++] = c;
            continue;
        }
        c = at(p, ++i);
        int digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
        Py_UCS4 value = digits ? 0 : simple_escape(c);
        for (int k = 1; k <= digits; k++) {
            int h = i + k < end ? hex_value(at(p, i + k)) : -1;
            if (h < 0) value = 0xFFFFFFFF;
            else if (value != 0xFFFFFFFF) value = value * 16 + (Py_UCS4)h;
        }
        i += digits;
        if (value == 0xFFFFFFFF || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
            PyMem_Free(out);
            return NULL;
        }
        out[n++] = value;
    }
    PyObject *text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, n);
    PyMem_Free(out);
    return text;
}

/* A scalar (or [] or {}) that starts at pos and ends on this line; pos ends after it. */
static PyObject *inline_scalar(Parser *p) {
    Py_ssize_t start = p->pos, i = start + 1;
    p->suspect = 0;
    Py_UCS4 c = at(p, start), next = at(p, start + 1);
    if (c == '\'') {
        int doubled = 0;
        for (;; i++) {
            Py_UCS4 d = at(p, i);
            if (d == '\n' || d == 0) return NULL;
            if (d != '\'') continue;
            if (at(p, i + 1) != '\'') break;
            doubled = 1;
            i++;
        }
        p->pos = i + 1;
        PyObject *text = PyUnicode_Substring(p->text, start + 1, i);
        if (text == NULL || !doubled) return text;
        PyObject *unquoted = PyUnicode_Replace(text, two_quotes, one_quote, -1);
        Py_DECREF(text);
        return unquoted;
    }
    if (c == '"') {
        int escaped = 0;
        for (;; i++) {
            Py_UCS4 d = at(p, i);
            if (d == '\n' || d == 0) return NULL;
            if (d == '\\') {
                escaped = 1;
                d = at(p, ++i); /* the escaped character: never the closing quote */
                if (d == '\n' || d == 0) return NULL; /* an escaped line break */
                continue;
            }
            if (d == '"') break;
        }
        p->pos = i + 1;
        return escaped ? unescape(p, start + 1, i) : PyUnicode_Substring(p->text, start + 1, i);
    }
    if (c == '[' && next == ']') {
        p->pos = start + 2;
        return PyList_New(0);
    }
    if (c == '{' && next == '}') {
        p->pos = start + 2;
        return PyDict_New();
    }
    if (c < 128 && strchr(",[]{}#&*!|>%@`", (int)c)) return NULL;
    if ((c == '-' || c == '?' || c == ':') && blank_or_end(next)) return NULL;
    Py_ssize_t end = start + 1;
    for (;; i++) {
        Py_UCS4 d = at(p, i);
        if (d == '\n' || d == 0) break;
        if (d == ':' && blank_or_end(at(p, i + 1))) return NULL; /* "a: b: c" */
        if (d == '#' && at(p, i - 1) == ' ') break;
        if (d != ' ') end = i + 1;
    }
    p->pos = end;
    return plain_value(p, start, end);
}

static PyObject *block_mapping(Parser *p, Py_ssize_t indent, PyObject *pointer,
                               PyObject *pattern, int depth);
static PyObject *block_sequence(Parser *p, Py_ssize_t indent, PyObject *pointer,
                                 PyObject *pattern, int depth);

/* A mapping's value, after its ':' (at `colon_end`); *start and *end get its marks. */
static PyObject *mapping_value(Parser *p, Py_ssize_t owner, PyObject *pointer,
                               PyObject *pattern, int depth, Mark colon_end, Mark *start,
                               Py_ssize_t *end) {
    while (at(p, p->pos) == ' ') p->pos++;
    Py_UCS4 c = at(p, p->pos);
    if (c != '\n' && c != 0 && c != '#') {
        *start = here(p);
        PyObject *value = inline_scalar(p);
        *end = p->pos;
        if (value != NULL && end_line(p) < 0) Py_CLEAR(value);
        return value;
    }
    if (end_line(p) < 0) return NULL;
    *start = here(p);
    if (p->indent > owner) {
        PyObject *value = is_entry(p) ? block_sequence(p, p->indent, pointer, pattern, depth)
                                      : block_mapping(p, p->indent, pointer, pattern, depth);
        *end = p->pos;
        return value;
    }
    if (p->indent == owner && is_entry(p)) { /* a sequence at its key's indentation */
        PyObject *value = block_sequence(p, owner, pointer, pattern, depth);
        *end = p->pos;
        return value;
    }
    *start = colon_end; /* libyaml's empty scalar sits just after the ':' */
    *end = colon_end.index;
    Py_RETURN_NONE;
}

/* A sequence item, after its '- ': a scalar or a mapping that starts on the same line. */
static PyObject *item_value(Parser *p, PyObject *pointer, PyObject *pattern, int depth,
                            Mark *start, Py_ssize_t *end) {
    *start = here(p);
    Py_ssize_t colon;
    int key = scan_key(p, &colon);
    if (key < 0) return NULL;
    if (key > 0) {
        PyObject *value = block_mapping(p, p->pos - p->line_start, pointer, pattern, depth);
        *end = p->pos;
        return value;
    }
    PyObject *value = inline_scalar(p);
    *end = p->pos;
    if (value != NULL && end_line(p) < 0) Py_CLEAR(value);
    return value;
}

/* The value numbered `number` (by reserve) at `pointer`, of `pattern`: its marks, its index
   entry, and whether it is a suspect. */
static int record(Parser *p, Py_ssize_t number, PyObject *pointer, PyObject *pattern,
                  PyObject *value, Mark key, Mark start, Py_ssize_t end) {
    /* In one buffer: no object per value; most are never unpacked (no problem there). */
    Py_ssize_t *numbers = p->marks + SPAN * number;
    numbers[0] = key.line;
    numbers[1] = key.column;
    numbers[2] = key.index;
    numbers[3] = start.line;
    numbers[4] = start.column;
    numbers[5] = start.index;
    numbers[6] = end;
    int failed;
    /* A container is recorded after its children, whose record cleared the flag. */
    if (p->suspect) {
        p->suspect = 0;
        PyObject *suspect = PyTuple_Pack(3, pointer, pattern, value);
        if (suspect == NULL) return -1;
        failed = PyList_Append(p->suspects, suspect);
        Py_DECREF(suspect);
        if (failed) return -1;
    }
    PyObject *entry = PyTuple_Pack(2, pointer, value);
    if (entry == NULL) return -1;
    PyObject *entries = PyDict_GetItemWithError(p->index, pattern);
    if (entries != NULL) {
        failed = PyList_Append(entries, entry);
    } else if (PyErr_Occurred()) {
        failed = -1;
    } else {
        entries = PyList_New(1);
        if (entries == NULL) {
            Py_DECREF(entry);
            return -1;
        }
        PyList_SET_ITEM(entries, 0, Py_NewRef(entry));
        failed = PyDict_SetItem(p->index, pattern, entries);
        Py_DECREF(entries);
    }
    Py_DECREF(entry);
    return failed;
}

/* Numbers the value at `pointer` in the builder's order (a child before its own children),
   the order of the spans, with room for its marks; -1 past MAX_VALUES. */
static Py_ssize_t reserve(Parser *p, PyObject *pointer) {
    Py_ssize_t number = p->values;
    if (++p->values > MAX_VALUES) return -1;
    if (number >= p->capacity) {
        Py_ssize_t capacity = p->capacity ? 2 * p->capacity : 64;
        Py_ssize_t *marks = PyMem_Realloc(p->marks, sizeof(Py_ssize_t) * SPAN * capacity);
        if (marks == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        p->marks = marks;
        p->capacity = capacity;
    }
    PyObject *key = PyLong_FromSsize_t(number);
    if (key == NULL) return -1;
    int failed = PyDict_SetItem(p->spans, pointer, key);
    Py_DECREF(key);
    return failed ? -1 : number;
}

static PyObject *block_mapping(Parser *p, Py_ssize_t indent, PyObject *pointer,
                               PyObject *pattern, int depth) {
    if (depth > MAX_DEPTH) return NULL;
    PyObject *out = PyDict_New();
    if (out == NULL) return NULL;
    for (;;) {
        Mark key_mark = here(p), start;
        Py_ssize_t colon, end;
        if (scan_key(p, &colon) != 1) goto fail;
        PyObject *key = PyUnicode_Substring(p->text, p->pos, colon);
        if (key == NULL) goto fail;
        PyObject *child = NULL, *child_pattern = NULL, *value = NULL;
        Py_ssize_t number;
        int duplicate = PyDict_Contains(out, key);
        if (duplicate != 0) goto fail_key; /* the builder reports duplicates */
        child = join(pointer, key);
        /* Outside any list the pattern is the pointer: one string, hashed once. */
        child_pattern = pattern == pointer ? Py_XNewRef(child) : join(pattern, key);
        if (child == NULL || child_pattern == NULL || (number = reserve(p, child)) < 0)
            goto fail_key;
        p->pos = colon + 1;
        value = mapping_value(p, indent, child, child_pattern, depth + 1, here(p), &start, &end);
        if (value == NULL ||
            record(p, number, child, child_pattern, value, key_mark, start, end) < 0 ||
            PyDict_SetItem(out, key, value) < 0)
            goto fail_key;
        Py_DECREF(key);
        Py_DECREF(child);
        Py_DECREF(child_pattern);
        Py_DECREF(value);
        if (p->indent != indent) {
            if (p->indent > indent) goto fail; /* a continuation line, or an error */
            return out;
        }
        if (is_entry(p)) goto fail;
        continue;
    fail_key:
        Py_DECREF(key);
        Py_XDECREF(child);
        Py_XDECREF(child_pattern);
        Py_XDECREF(value);
        goto fail;
    }
fail:
    Py_DECREF(out);
    return NULL;
}

static PyObject *block_sequence(Parser *p, Py_ssize_t indent, PyObject *pointer,
                                 PyObject *pattern, int depth) {
    if (depth > MAX_DEPTH) return NULL;
    PyObject *out = PyList_New(0);
    PyObject *items = join(pattern, star);
    if (out == NULL || items == NULL) goto fail;
    for (Py_ssize_t i = 0;; i++) {
        p->pos++; /* the '-' */
        if (at(p, p->pos) != ' ') goto fail;
        while (at(p, p->pos) == ' ') p->pos++;
        Py_UCS4 c = at(p, p->pos);
        if (c == '\n' || c == 0 || c == '#') goto fail; /* an item on the next lines */
        Mark start;
        Py_ssize_t end;
        PyObject *child = join_index(pointer, i);
        if (child == NULL) goto fail;
        PyObject *value = NULL;
        Py_ssize_t number = reserve(p, child);
        if (number < 0 || (value = item_value(p, child, items, depth + 1, &start, &end)) == NULL ||
            record(p, number, child, items, value, start, start, end) < 0 ||
            PyList_Append(out, value) < 0) {
            Py_DECREF(child);
            Py_XDECREF(value);
            goto fail;
        }
        Py_DECREF(child);
        Py_DECREF(value);
        if (p->indent != indent || !is_entry(p)) {
            if (p->indent > indent) goto fail;
            Py_DECREF(items);
            return out;
        }
    }
fail:
    Py_XDECREF(out);
    Py_XDECREF(items);
    return NULL;
}

static PyObject *parse(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 3 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "parse(text: str, plain, bail)");
        return NULL;
    }
    Parser p = {0};
    p.text = args[0];
    p.kind = PyUnicode_KIND(p.text);
    p.data = PyUnicode_DATA(p.text);
    p.len = PyUnicode_GET_LENGTH(p.text);
    p.plain = args[1];
    p.bail = args[2];
    if (!check_text(&p) || next_content(&p) < 0 || p.indent != 0) Py_RETURN_NONE;
    p.spans = PyDict_New();
    p.index = PyDict_New();
    p.suspects = PyList_New(0);
    PyObject *root = PyUnicode_FromString("");
    PyObject *data = NULL, *result = NULL;
    if (p.spans != NULL && p.index != NULL && p.suspects != NULL && root != NULL)
        data = block_mapping(&p, 0, root, root, 1);
    PyObject *marks = NULL, *spans = NULL;
    if (data != NULL && p.indent == -1 &&
        (marks = PyBytes_FromStringAndSize((const char *)p.marks,
                                           sizeof(Py_ssize_t) * SPAN * p.values)) != NULL &&
        (spans = PyTuple_Pack(2, p.spans, marks)) != NULL)
        result = PyTuple_Pack(4, data, spans, p.index, p.suspects);
    PyMem_Free(p.marks);
    Py_XDECREF(marks);
    Py_XDECREF(spans);
    Py_XDECREF(data);
    Py_XDECREF(root);
    Py_XDECREF(p.spans);
    Py_XDECREF(p.index);
    Py_XDECREF(p.suspects);
    if (result == NULL && !PyErr_Occurred()) Py_RETURN_NONE;
    return result;
}

static PyMethodDef methods[] = {
    {"parse", (PyCFunction)(void (*)(void))parse, METH_FASTCALL,
     "parse(text, plain, bail) -> (data, spans, index, suspects) | None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_fastyaml", "A fast path for plain block YAML.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__fastyaml(void) {
    two_quotes = PyUnicode_FromString("''");
    one_quote = PyUnicode_FromString("'");
    star = PyUnicode_FromString("*");
    if (two_quotes == NULL || one_quote == NULL || star == NULL) return NULL;
    return PyModule_Create(&module_def);
}
