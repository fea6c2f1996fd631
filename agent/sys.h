/* sys.h - the few system calls that klibc and glibc expose differently.
 *
 * Everything that must behave the same under both libcs goes through
 * these wrappers; the rest of the agent uses plain POSIX calls. */
#ifndef PITSTOP_SYS_H
#define PITSTOP_SYS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/mount.h>

#ifndef MS_PRIVATE
#define MS_PRIVATE (1 << 18)
#endif
#ifndef MS_REC
#define MS_REC 0x4000
#endif
#ifndef MS_MOVE
#define MS_MOVE 0x2000
#endif
#ifndef MNT_DETACH
#define MNT_DETACH 2
#endif
#ifndef MNT_FORCE
#define MNT_FORCE 1
#endif
#ifndef UMOUNT_NOFOLLOW
#define UMOUNT_NOFOLLOW 8
#endif
#ifndef O_CLOEXEC
#define O_CLOEXEC 02000000
#endif

/* kexec_file_load(2) flags (linux/kexec.h lacks the newer ones in klibc).
 * ON_CRASH is kdump's slot: sys_kexec_file_load refuses it (EINVAL), so
 * neither load nor unload can ever touch a loaded crash kernel. */
#define PS_KEXEC_FILE_UNLOAD 0x1
#define PS_KEXEC_FILE_ON_CRASH 0x2
#define PS_KEXEC_FILE_NO_INITRAMFS 0x4

/* kexec_load(2): one segment (struct kexec_segment of linux/kexec.h), the
 * crash-kernel flag (refused by sys_kexec_load: kdump's slot stays untouched)
 * and the architecture in the flags' upper half (KEXEC_ARCH_AARCH64). */
struct ps_kexec_segment {
	const void *buf;
	size_t bufsz;
	unsigned long mem;
	size_t memsz;
};
#define PS_KEXEC_ON_CRASH 0x1
#define PS_KEXEC_ARCH_AARCH64 (183UL << 16)

/* memfd_create(2) flags. */
#define PS_MFD_CLOEXEC 0x1
#define PS_MFD_NOEXEC_SEAL 0x8 /* Linux 6.3+; older kernels answer EINVAL */

/* reboot(2) commands, as the kernel numbers them. */
#define PS_RB_RESTART 0x01234567
#define PS_RB_HALT 0xCDEF0123
#define PS_RB_POWER_OFF 0x4321FEDC
#define PS_RB_RESTART2 0xA1B2C3D4
#define PS_RB_KEXEC 0x45584543

/* All return 0 (or the syscall's value) on success, -1 with errno set. */
long sys_kexec_file_load(int kernel_fd, int initrd_fd, unsigned long cmdline_len,
                         const char *cmdline, unsigned long flags);
long sys_kexec_load(unsigned long entry, unsigned long nr_segments, const struct ps_kexec_segment *segments,
                    unsigned long flags);
int sys_memfd_create(const char *name, unsigned int flags);
int sys_reboot(unsigned int cmd, const char *arg);
int sys_swapoff(const char *path);
int sys_pivot_root(const char *new_root, const char *put_old);

/* Monotonic milliseconds (microseconds) since an arbitrary point. */
int64_t mono_ms(void);
int64_t mono_us(void);
/* Sleep for ms milliseconds (restarts on EINTR is not done on purpose). */
void sleep_ms(long ms);

#endif
