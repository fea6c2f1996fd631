/* kexec_arm64.h - stage an arm64 kernel with kexec_load(2), a DTB and a
 * small purgatory, where the running kernel has no kexec_file_load
 * (Debian's arm64 kernels: CONFIG_KEXEC=y, CONFIG_KEXEC_FILE unset). */
#ifndef PITSTOP_KEXEC_ARM64_H
#define PITSTOP_KEXEC_ARM64_H

/* 1 where the fallback exists: aarch64 builds only. */
#if defined(__aarch64__)
#define A64_KEXEC_LOAD 1
#else
#define A64_KEXEC_LOAD 0
#endif

struct a64_load {
	int kernel_fd;       /* a raw arm64 Image */
	int initrd_fd;       /* -1: none */
	const char *cmdline;
	const char *dtb;     /* NULL: /sys/firmware/fdt, the DTB this kernel booted with */
	const char *iomem;   /* NULL: /proc/iomem */
	int dry_run;         /* print the plan on stdout; never load */
};

/* Reads the Image header, /proc/iomem and the DTB, rewrites /chosen (command
 * line, initrd, fresh seeds), lays out kernel, initrd, DTB and purgatory in
 * free System RAM and calls kexec_load(purgatory, 4 segments, AARCH64).
 * 0 when staged (or planned); -1 when kexec_load failed (errno is its);
 * -2 after logging why nothing was tried (in a dry run: printed, and 0). */
int a64_stage(const struct a64_load *in);

/* kexec_load with no segments: unloads what the normal slot holds, never
 * kdump's. 0, or -1 with errno. */
long a64_unload(void);

#endif
