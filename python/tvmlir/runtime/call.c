/* The native call path of tvmlir's VirtualMachine: checks the arguments of a
 * compiled function against its signature, builds their memref descriptors
 * and calls the function's packed C interface, in one ctypes call.
 *
 * Arguments arrive as Python objects with the buffer protocol (NumPy arrays);
 * anything else, or anything that does not match, is reported by index and
 * the Python side (tvmlir/runtime/vm.py) converts it or explains what is
 * wrong. Built against CPython's limited API (3.11), so one binary serves
 * every CPython >= 3.11. It is compiled into each exported library, which
 * must still load in a process without Python: the Python symbols are weak.
 */
#define Py_LIMITED_API 0x030B0000
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#pragma weak PyTuple_Size
#pragma weak PyTuple_GetItem
#pragma weak PyObject_GetBuffer
#pragma weak PyBuffer_Release
#pragma weak PyErr_Clear
#pragma weak PyEval_SaveThread
#pragma weak PyEval_RestoreThread

/* One parameter or result (mirrored by ctypes in tvmlir/runtime/native.py). */
typedef struct {
  int64_t rank;
  const int64_t *dims;   /* >= 0: the extent; < 0: symbolic dimension -(d + 1) */
  const char *formats;   /* buffer-protocol format characters of the dtype */
} tvmlir_tensor_signature;

typedef struct {
  void (*packed)(void **);  /* _mlir__mlir_ciface_<name>: args[i] points to descriptor i's address */
  int64_t num_inputs, num_outputs, num_symbols;
  const tvmlir_tensor_signature *tensors;  /* inputs, then outputs */
} tvmlir_function_signature;

/* Whether a buffer's format is one of the dtype's characters ("@" is native). */
static int format_matches(const char *format, const char *formats) {
  if (format == NULL)
    format = "B";
  if (format[0] == '@')
    ++format;
  return format[0] != '\0' && format[1] == '\0' && strchr(formats, format[0]) != NULL;
}

static int64_t descriptor_words(int64_t rank) { return 3 + 2 * rank; }

/* Views `object` as tensor `sig` (C-contiguous, writable for outputs) and
 * writes its memref descriptor; symbolic extents must agree with `symbols`
 * (-1: not seen yet). Returns 0, or -1 (no view kept) when it does not match. */
static int bind(PyObject *object, const tvmlir_tensor_signature *sig, int writable, Py_buffer *view,
                int64_t *descriptor, int64_t *symbols) {
  int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
  if (object == NULL || PyObject_GetBuffer(object, view, flags) != 0) {
    PyErr_Clear();
    return -1;
  }
  if (view->ndim != sig->rank || !format_matches(view->format, sig->formats))
    goto mismatch;
  for (int64_t d = 0; d < sig->rank; ++d) {
    int64_t extent = view->shape[d], dim = sig->dims[d];
    if (dim >= 0) {
      if (extent != dim)
        goto mismatch;
    } else if (symbols[-dim - 1] < 0) {
      symbols[-dim - 1] = extent;
    } else if (symbols[-dim - 1] != extent) {
      goto mismatch;
    }
  }
  descriptor[0] = descriptor[1] = (int64_t)(intptr_t)view->buf;  /* allocated, aligned */
  descriptor[2] = 0;                                             /* offset */
  int64_t stride = 1;
  for (int64_t d = sig->rank - 1; d >= 0; --d) {
    descriptor[3 + d] = view->shape[d];
    descriptor[3 + sig->rank + d] = stride;
    stride *= view->shape[d];
  }
  return 0;
mismatch:
  PyBuffer_Release(view);
  return -1;
}

/* Checks `inputs` (a tuple) and, if `run`, `outputs` (a tuple) against `f`,
 * then calls it with the GIL released. Returns -1 when everything matched
 * (and it ran), else the index of the first tensor that does not (inputs,
 * then outputs; num_inputs when the number of inputs is wrong). `symbols`,
 * if not NULL, receives the extents of the symbolic dimensions. */
int64_t tvmlir_call(const tvmlir_function_signature *f, PyObject *inputs, PyObject *outputs, int64_t *symbols,
                    int run) {
  int64_t count = f->num_inputs + (run ? f->num_outputs : 0), words = 0;
  if (PyTuple_Size(inputs) != f->num_inputs || (run && PyTuple_Size(outputs) != f->num_outputs)) {
    PyErr_Clear();
    return f->num_inputs;
  }
  for (int64_t i = 0; i < count; ++i)
    words += descriptor_words(f->tensors[i].rank);
  /* On the stack, so that threads calling one function do not share them. */
  Py_buffer views[count + 1];
  int64_t storage[words + 1], seen[f->num_symbols + 1];
  void *descriptors[count + 1], *args[count + 1];
  for (int64_t s = 0; s < f->num_symbols; ++s)
    seen[s] = -1;
  int64_t bound = 0, mismatch = -1;
  for (int64_t i = 0, offset = 0; i < count; ++i, ++bound) {
    int is_output = i >= f->num_inputs;
    PyObject *object = is_output ? PyTuple_GetItem(outputs, i - f->num_inputs) : PyTuple_GetItem(inputs, i);
    descriptors[i] = &storage[offset];
    args[i] = &descriptors[i];
    if (bind(object, &f->tensors[i], is_output, &views[i], &storage[offset], seen) != 0) {
      mismatch = i;
      break;
    }
    offset += descriptor_words(f->tensors[i].rank);
  }
  if (mismatch < 0 && run) {
    PyThreadState *state = PyEval_SaveThread();
    f->packed(args);
    PyEval_RestoreThread(state);
  }
  for (int64_t i = 0; i < bound; ++i)
    PyBuffer_Release(&views[i]);
  if (symbols != NULL)
    memcpy(symbols, seen, (size_t)f->num_symbols * sizeof(int64_t));
  return mismatch;
}
