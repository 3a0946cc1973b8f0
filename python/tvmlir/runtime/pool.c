/* tvmlir's thread pool: runs the parallel loops of compiled kernels.
 *
 * convert-parallel-to-pool turns each parallel loop into a call of
 * tvmlir_parallel_for(body, context, iterations, threads): the calling thread
 * and up to threads - 1 workers take chunks of the iterations from a shared
 * counter and run body(context, begin, end) on them; the call returns when
 * every iteration has run. Workers spin for a while after a job before they
 * sleep on a futex, so the kernels of one model call (microseconds apart)
 * find them awake: a launch then costs about a microsecond. A worker that is
 * asleep only delays the chunk it takes once it wakes up, since the caller
 * takes chunks too.
 *
 * One job at a time: a launch from a second thread while one runs, or from
 * inside a body, runs serially on its caller. Built with call.c into the JIT's
 * shim and into every exported library; it needs no Python.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

typedef void (*tvmlir_parallel_body)(void *context, int64_t begin, int64_t end);

enum { MAX_WORKERS = 255, CHUNKS_PER_THREAD = 4 };
static const int64_t SPIN_NS = 2000000; /* how long an idle worker spins before it sleeps */

static struct {
  pthread_mutex_t launch;  /* held by the thread whose job runs */
  pthread_mutex_t start;   /* held while workers are started */
  int started;             /* workers running */
  /* The job; written before `epoch` publishes it, read after a worker joins. */
  tvmlir_parallel_body body;
  void *context;
  int64_t iterations, chunk;
  int workers;             /* workers the job may use: ids 1 .. workers */
  int64_t next;            /* first iteration no thread has taken */
  uint64_t state;          /* the open job's epoch << 32 (0: none) | workers inside it */
  uint32_t epoch;          /* futex word: advanced once per job, never 0 */
  int sleepers;            /* workers asleep on the futex */
} pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};

/* A worker, or a thread inside a launch: a parallel loop it starts runs serially. */
static __thread int inside_pool;

static void relax_cpu(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void run_chunks(void) {
  int64_t iterations = pool.iterations, chunk = pool.chunk;
  for (;;) {
    int64_t begin = __atomic_fetch_add(&pool.next, chunk, __ATOMIC_RELAXED);
    if (begin >= iterations)
      return;
    int64_t end = begin + chunk < iterations ? begin + chunk : iterations;
    pool.body(pool.context, begin, end);
  }
}

/* The epoch of the next job after `seen`: spins, then sleeps. */
static uint32_t wait_for_job(uint32_t seen) {
  int64_t deadline = now_ns() + SPIN_NS;
  for (unsigned spins = 1;; ++spins) {
    uint32_t epoch = __atomic_load_n(&pool.epoch, __ATOMIC_ACQUIRE);
    if (epoch != seen)
      return epoch;
    relax_cpu();
    if (spins % 1024 == 0 && now_ns() > deadline)
      break;
  }
  /* Sequentially consistent with the launch's store of `epoch` and load of
   * `sleepers`: either the launch sees this sleeper, or this sees the job. */
  __atomic_fetch_add(&pool.sleepers, 1, __ATOMIC_SEQ_CST);
  uint32_t epoch;
  while ((epoch = __atomic_load_n(&pool.epoch, __ATOMIC_SEQ_CST)) == seen)
    syscall(SYS_futex, &pool.epoch, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
  __atomic_fetch_sub(&pool.sleepers, 1, __ATOMIC_SEQ_CST);
  return epoch;
}

/* Enters job `epoch` unless it has already been closed. */
static int join(uint32_t epoch) {
  uint64_t state = __atomic_load_n(&pool.state, __ATOMIC_ACQUIRE);
  do {
    if ((uint32_t)(state >> 32) != epoch)
      return 0;
  } while (!__atomic_compare_exchange_n(&pool.state, &state, state + 1, 1, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
  return 1;
}

static void *worker(void *arg) {
  int id = (int)(intptr_t)arg;
  uint32_t seen = __atomic_load_n(&pool.epoch, __ATOMIC_ACQUIRE);
  inside_pool = 1;
  for (;;) {
    seen = wait_for_job(seen);
    if (!join(seen))
      continue;
    if (id <= pool.workers)
      run_chunks();
    __atomic_fetch_sub(&pool.state, 1, __ATOMIC_RELEASE);
  }
  return NULL;
}

/* After fork, the child has none of the parent's workers. */
static void forget_workers(void) {
  pthread_mutex_t unlocked = PTHREAD_MUTEX_INITIALIZER;
  pool.launch = pool.start = unlocked;
  pool.started = 0;
  pool.state = 0;
  pool.sleepers = 0;
}

/* Starts workers until `count` run (fewer if threads cannot be made). */
static int start_workers(int count) {
  pthread_mutex_lock(&pool.start);
  static int registered;
  if (!registered)
    registered = pthread_atfork(NULL, NULL, forget_workers) == 0;
  while (pool.started < count) {
    pthread_t thread;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int failed = pthread_create(&thread, &attr, worker, (void *)(intptr_t)(pool.started + 1));
    pthread_attr_destroy(&attr);
    if (failed)
      break;
    ++pool.started;
  }
  int started = pool.started;
  pthread_mutex_unlock(&pool.start);
  return started;
}

void tvmlir_parallel_for(tvmlir_parallel_body body, void *context, int64_t iterations, int64_t threads) {
  if (iterations <= 0)
    return;
  if (threads <= 1 || iterations == 1 || inside_pool || pthread_mutex_trylock(&pool.launch) != 0) {
    body(context, 0, iterations);
    return;
  }
  int wanted = threads - 1 < MAX_WORKERS ? (int)threads - 1 : MAX_WORKERS;
  int workers = start_workers(wanted);
  pool.workers = workers < wanted ? workers : wanted;
  pool.body = body;
  pool.context = context;
  pool.iterations = iterations;
  int64_t chunk = iterations / ((int64_t)(pool.workers + 1) * CHUNKS_PER_THREAD);
  pool.chunk = chunk > 0 ? chunk : 1;
  __atomic_store_n(&pool.next, 0, __ATOMIC_RELAXED);
  uint32_t epoch = pool.epoch + 1 ? pool.epoch + 1 : 1;
  __atomic_store_n(&pool.state, (uint64_t)epoch << 32, __ATOMIC_RELEASE);
  __atomic_store_n(&pool.epoch, epoch, __ATOMIC_SEQ_CST);
  if (__atomic_load_n(&pool.sleepers, __ATOMIC_SEQ_CST) > 0)
    syscall(SYS_futex, &pool.epoch, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);

  inside_pool = 1;
  run_chunks();
  inside_pool = 0;

  /* Close the job to late joiners, then wait for those inside it. */
  uint64_t state = __atomic_load_n(&pool.state, __ATOMIC_ACQUIRE);
  while (!__atomic_compare_exchange_n(&pool.state, &state, state & 0xffffffffu, 1, __ATOMIC_ACQ_REL,
                                      __ATOMIC_ACQUIRE))
    ;
  while (__atomic_load_n(&pool.state, __ATOMIC_ACQUIRE) & 0xffffffffu)
    relax_cpu();
  pthread_mutex_unlock(&pool.launch);
}
