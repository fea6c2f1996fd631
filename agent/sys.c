/* sys.c - raw system calls for klibc, thin wrappers for glibc. */
#include "sys.h"

#include <errno.h>
#include <time.h>
#include <unistd.h>

#ifdef __KLIBC__
#include <sys/syscall.h>

/* klibc has no generic syscall(): a six-argument shim per architecture. */
static long raw6(long nr, long a, long b, long c, long d, long e, long f)
{
	long ret;
#if defined(__x86_64__)
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
#elif defined(__aarch64__)
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;
	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory");
	ret = x0;
#else
#error "pitstop: no raw syscall shim for this architecture (add one in agent/sys.c)"
#endif
	if (ret < 0 && ret > -4096) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
}
#define SYSCALL6(nr, a, b, c, d, e, f) raw6(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))
#else
#include <sys/syscall.h>
#define SYSCALL6(nr, a, b, c, d, e, f) syscall(nr, a, b, c, d, e, f)
#endif

#ifndef __NR_kexec_file_load
#if defined(__x86_64__)
#define __NR_kexec_file_load 320
#elif defined(__aarch64__) || (defined(__riscv) && __riscv_xlen == 64)
#define __NR_kexec_file_load 294
#endif
#endif

#ifndef __NR_kexec_load
#if defined(__x86_64__)
#define __NR_kexec_load 246
#elif defined(__aarch64__) || (defined(__riscv) && __riscv_xlen == 64)
#define __NR_kexec_load 104
#endif
#endif

#ifndef __NR_memfd_create
#if defined(__x86_64__)
#define __NR_memfd_create 319
#elif defined(__aarch64__) || (defined(__riscv) && __riscv_xlen == 64)
#define __NR_memfd_create 279
#endif
#endif

long sys_kexec_file_load(int kernel_fd, int initrd_fd, unsigned long cmdline_len,
                         const char *cmdline, unsigned long flags)
{
#ifdef __NR_kexec_file_load
	/* pitstop never loads into (or unloads) kdump's crash kernel slot. */
	if (flags & PS_KEXEC_FILE_ON_CRASH) {
		errno = EINVAL;
		return -1;
	}
	return SYSCALL6(__NR_kexec_file_load, kernel_fd, initrd_fd, cmdline_len, cmdline, flags, 0);
#else
	errno = ENOSYS;
	return -1;
#endif
}

long sys_kexec_load(unsigned long entry, unsigned long nr_segments, const struct ps_kexec_segment *segments,
                    unsigned long flags)
{
#ifdef __NR_kexec_load
	/* as for kexec_file_load: never kdump's crash kernel slot */
	if (flags & PS_KEXEC_ON_CRASH) {
		errno = EINVAL;
		return -1;
	}
	return SYSCALL6(__NR_kexec_load, entry, nr_segments, segments, flags, 0, 0);
#else
	errno = ENOSYS;
	return -1;
#endif
}

int sys_memfd_create(const char *name, unsigned int flags)
{
#ifdef __NR_memfd_create
	return (int)SYSCALL6(__NR_memfd_create, name, flags, 0, 0, 0, 0);
#else
	errno = ENOSYS;
	return -1;
#endif
}

int sys_reboot(unsigned int cmd, const char *arg)
{
	return (int)SYSCALL6(__NR_reboot, 0xfee1dead, 672274793, cmd, arg, 0, 0);
}

int sys_swapoff(const char *path)
{
	return (int)SYSCALL6(__NR_swapoff, path, 0, 0, 0, 0, 0);
}

int sys_pivot_root(const char *new_root, const char *put_old)
{
	return (int)SYSCALL6(__NR_pivot_root, new_root, put_old, 0, 0, 0, 0);
}

int64_t mono_us(void)
{
	struct timespec ts;

	if (SYSCALL6(__NR_clock_gettime, 1 /* CLOCK_MONOTONIC */, &ts, 0, 0, 0, 0) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t mono_ms(void)
{
	return mono_us() / 1000;
}

void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}
