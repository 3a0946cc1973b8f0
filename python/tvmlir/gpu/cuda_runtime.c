/* The mgpu* functions that MLIR's gpu-to-llvm lowering calls, on the CUDA
 * driver API: a small stand-in for MLIR's libmlir_cuda_runtime.so, which
 * links all of libLLVM.
 *
 * The driver (libcuda.so.1) is opened with dlopen at first use, so this
 * library loads on machines without one; every failure is recorded instead
 * of aborting (tvmlir_cuda_last_error), and once an error is recorded later
 * copies and launches are skipped, so that a missing GPU or a bad kernel is
 * an error the caller reports, never a crash.
 *
 * All work runs in order on the legacy default stream: the host code gives
 * each function its own "stream", and one in-order stream keeps a copy made
 * in one function ahead of the kernel that reads it in another.
 *
 * Built with plain gcc: cc -shared -fPIC cuda_runtime.c -I<cuda>/include -ldl
 */

#include <cuda.h>
#include <dlfcn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define STRINGIFY(x) #x
/* The versioned name cuda.h maps a function to (cuMemAlloc -> cuMemAlloc_v2). */
#define VERSIONED_NAME(x) STRINGIFY(x)

/* The driver functions used, as pointers filled by dlsym. */
#define DRIVER_FUNCTIONS(X)                                                    \
  X(cuInit) X(cuDeviceGetCount) X(cuDeviceGet) X(cuDevicePrimaryCtxRetain)    \
  X(cuCtxSetCurrent) X(cuGetErrorName) X(cuGetErrorString)                     \
  X(cuModuleLoadData) X(cuModuleLoadDataEx) X(cuModuleUnload)                  \
  X(cuModuleGetFunction) X(cuLaunchKernel) X(cuStreamSynchronize)              \
  X(cuMemAlloc) X(cuMemFree) X(cuMemcpyAsync) X(cuMemsetD32Async)              \
  X(cuMemsetD16Async)

#define DECLARE_POINTER(name) static __typeof__(&name) p_##name;
DRIVER_FUNCTIONS(DECLARE_POINTER)

static char last_error[2048];
static int ready = 0; /* 0: not tried, 1: usable, -1: failed */

static void record_error(const char *format, ...) {
  if (last_error[0])
    return; /* the first error is the one that explains the others */
  va_list args;
  va_start(args, format);
  vsnprintf(last_error, sizeof last_error, format, args);
  va_end(args);
}

/* The error message of the first failure since the last clear, or NULL. */
const char *tvmlir_cuda_last_error(void) { return last_error[0] ? last_error : NULL; }

void tvmlir_cuda_clear_error(void) { last_error[0] = 0; }

/* Records a failed driver call; returns whether `result` is a success. */
static bool check(CUresult result, const char *call) {
  if (result == CUDA_SUCCESS)
    return true;
  const char *name = "unknown", *text = "";
  if (p_cuGetErrorName)
    p_cuGetErrorName(result, &name);
  if (p_cuGetErrorString)
    p_cuGetErrorString(result, &text);
  record_error("%s failed: %s (%s)", call, name, text ? text : "");
  return false;
}

static CUcontext context; /* device 0's primary context */

static int initialize(void) {
  void *driver = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!driver) {
    record_error("no CUDA driver: libcuda.so.1 cannot be loaded (%s)", dlerror());
    return -1;
  }
#define LOAD_POINTER(name)                                                     \
  p_##name = (__typeof__(&name))dlsym(driver, VERSIONED_NAME(name));           \
  if (!p_##name) {                                                             \
    record_error("the CUDA driver has no %s", VERSIONED_NAME(name));           \
    return -1;                                                                 \
  }
  DRIVER_FUNCTIONS(LOAD_POINTER)
  if (!check(p_cuInit(0), "cuInit"))
    return -1;
  int count = 0;
  if (!check(p_cuDeviceGetCount(&count), "cuDeviceGetCount"))
    return -1;
  if (count == 0) {
    record_error("no CUDA device: the driver reports none");
    return -1;
  }
  CUdevice device;
  if (!check(p_cuDeviceGet(&device, 0), "cuDeviceGet") ||
      !check(p_cuDevicePrimaryCtxRetain(&context, device), "cuDevicePrimaryCtxRetain"))
    return -1;
  return 1;
}

/* 0 when the driver, a device and its context are usable (the context made
 * current on the calling thread), else -1 with the reason in
 * tvmlir_cuda_last_error(). */
int tvmlir_cuda_ready(void) {
  static char init_error[sizeof last_error];
  if (ready == 0) {
    ready = initialize();
    if (ready != 1)
      memcpy(init_error, last_error, sizeof init_error);
  }
  if (ready != 1) {
    record_error("%s", init_error); /* again, after the caller cleared it */
    return -1;
  }
  return check(p_cuCtxSetCurrent(context), "cuCtxSetCurrent") ? 0 : -1;
}

/* Whether GPU work may go on: the driver is up and no error is pending. */
static bool usable(void) { return tvmlir_cuda_ready() == 0 && !last_error[0]; }

void *mgpuModuleLoad(void *data, size_t size) {
  (void)size;
  CUmodule module = NULL;
  if (usable())
    check(p_cuModuleLoadData(&module, data), "cuModuleLoadData");
  return module;
}

/* Loads PTX text; the driver compiles it for the device at hand. */
void *mgpuModuleLoadJIT(void *data, int optLevel) {
  CUmodule module = NULL;
  if (!usable())
    return NULL;
  char log[1024] = "";
  CUjit_option options[] = {CU_JIT_OPTIMIZATION_LEVEL, CU_JIT_ERROR_LOG_BUFFER,
                            CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void *values[] = {(void *)(intptr_t)optLevel, log, (void *)(intptr_t)sizeof log};
  CUresult result = p_cuModuleLoadDataEx(&module, data, 3, options, values);
  if (result != CUDA_SUCCESS) {
    const char *name = "unknown";
    p_cuGetErrorName(result, &name);
    record_error("loading PTX (cuModuleLoadDataEx) failed: %s; JIT log: %s", name, log);
  }
  return module;
}

void mgpuModuleUnload(void *module) {
  if (module && ready == 1)
    check(p_cuModuleUnload((CUmodule)module), "cuModuleUnload");
}

void *mgpuModuleGetFunction(void *module, const char *name) {
  CUfunction function = NULL;
  if (!usable())
    return NULL;
  if (!module) {
    record_error("kernel %s: its module was not loaded", name);
    return NULL;
  }
  check(p_cuModuleGetFunction(&function, (CUmodule)module, name), "cuModuleGetFunction");
  return function;
}

void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY, intptr_t gridZ,
                      intptr_t blockX, intptr_t blockY, intptr_t blockZ, int32_t smem,
                      void *stream, void **params, void **extra, size_t paramsCount) {
  (void)stream;
  (void)paramsCount;
  if (!usable() || !function)
    return;
  if (gridX * gridY * gridZ == 0)
    return; /* an empty iteration space: nothing to run */
  check(p_cuLaunchKernel((CUfunction)function, gridX, gridY, gridZ, blockX, blockY, blockZ, smem,
                         NULL, params, extra),
        "cuLaunchKernel");
}

/* Streams and events: everything runs in order on the default stream. */
void *mgpuStreamCreate(void) { return NULL; }

void mgpuStreamDestroy(void *stream) { (void)stream; }

void mgpuStreamSynchronize(void *stream) {
  (void)stream;
  if (ready == 1)
    check(p_cuStreamSynchronize(NULL), "cuStreamSynchronize (a kernel or copy failed)");
}

void mgpuStreamWaitEvent(void *stream, void *event) { (void)stream, (void)event; }

void *mgpuEventCreate(void) { return NULL; }

void mgpuEventDestroy(void *event) { (void)event; }

void mgpuEventSynchronize(void *event) { mgpuStreamSynchronize(event); }

void mgpuEventRecord(void *event, void *stream) { (void)event, (void)stream; }

void *mgpuMemAlloc(uint64_t sizeBytes, void *stream, bool isHostShared) {
  (void)stream;
  CUdeviceptr pointer = 0;
  if (!usable() || sizeBytes == 0)
    return NULL;
  if (isHostShared) {
    record_error("host-shared GPU allocations are not supported");
    return NULL;
  }
  check(p_cuMemAlloc(&pointer, sizeBytes), "cuMemAlloc");
  return (void *)pointer;
}

void mgpuMemFree(void *pointer, void *stream) {
  (void)stream;
  if (!pointer || ready != 1)
    return;
  /* The kernels queued before may still read it. */
  p_cuStreamSynchronize(NULL);
  check(p_cuMemFree((CUdeviceptr)pointer), "cuMemFree");
}

void mgpuMemcpy(void *dst, void *src, size_t sizeBytes, void *stream) {
  (void)stream;
  if (!usable() || sizeBytes == 0)
    return;
  check(p_cuMemcpyAsync((CUdeviceptr)dst, (CUdeviceptr)src, sizeBytes, NULL), "cuMemcpyAsync");
}

void mgpuMemset32(void *dst, unsigned int value, size_t count, void *stream) {
  (void)stream;
  if (usable() && count)
    check(p_cuMemsetD32Async((CUdeviceptr)dst, value, count, NULL), "cuMemsetD32Async");
}

void mgpuMemset16(void *dst, unsigned short value, size_t count, void *stream) {
  (void)stream;
  if (usable() && count)
    check(p_cuMemsetD16Async((CUdeviceptr)dst, value, count, NULL), "cuMemsetD16Async");
}

void mgpuSetDefaultDevice(int32_t device) {
  if (device != 0)
    record_error("only device 0 is supported, not %d", (int)device);
}
