/* kexec_arm64.c - kexec_load(2) for arm64 kernels built without
 * CONFIG_KEXEC_FILE: the pure parts are iomem.c (free RAM), dtb.c (/chosen)
 * and a64plan.c (layout, purgatory); this file reads their inputs, maps
 * the kernel and initrd and makes the call. Compiled everywhere, active on
 * aarch64 only (x86_64 stages with kexec_file_load alone). */
#include "kexec_arm64.h"

#if A64_KEXEC_LOAD
#include "a64plan.h"
#include "dtb.h"
#include "fileio.h"
#include "iomem.h"
#include "log.h"
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define FDT_PATH "/sys/firmware/fdt"
#define IOMEM_PATH "/proc/iomem"
#define FDT_MAX ((size_t)8 << 20)
#define IOMEM_MAX ((size_t)1 << 20)
#define SEED_BYTES (8 + 64) /* kaslr-seed, then rng-seed */

struct mapped {
	unsigned char *p;
	size_t len;
};

struct job {
	const struct a64_load *in;
	const char *dtb_path, *iomem_path;
	struct mapped kernel, initrd;
	struct a64_image img;
	struct iomem_range free[IOMEM_MAX_RAM + IOMEM_MAX_BUSY];
	int n_free;
	char *fdt;
	size_t fdt_len;
	unsigned char seed[SEED_BYTES];
	size_t seed_len;
	unsigned char *dtb;
	size_t dtb_len;
	unsigned char purgatory[A64_PURGATORY_BYTES];
	struct a64_plan plan;
};

/* Why nothing can be tried: logged, or in a dry run one line on stdout. */
static int fail(const struct job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(const struct job *j, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (j->in->dry_run)
		printf("kexec_load: not possible: %s\n", msg);
	else
		log_err("load: kexec_load: %s", msg);
	return -2;
}

static int map_fd(const struct job *j, int fd, const char *what, struct mapped *m)
{
	struct stat st;
	void *p;

	m->p = NULL;
	m->len = 0;
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0)
		return fail(j, "the %s: fstat: %s", what, strerror(errno));
	if (st.st_size == 0)
		return 0;
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return fail(j, "mapping the %s (%lld bytes): %s", what, (long long)st.st_size, strerror(errno));
	m->p = p;
	m->len = (size_t)st.st_size;
	return 0;
}

static int free_ram(struct job *j)
{
	struct iomem_map *m = malloc(sizeof(*m));
	char *text = NULL;
	size_t len;
	int r = -2;

	if (!m || read_file(j->iomem_path, IOMEM_MAX + 1, &text, &len) < 0)
		fail(j, "%s: %s", j->iomem_path, strerror(m ? errno : ENOMEM));
	else if (len > IOMEM_MAX)
		fail(j, "%s: larger than %u KiB", j->iomem_path, (unsigned)(IOMEM_MAX >> 10));
	else if ((r = iomem_parse(text, len, m)) < 0 ||
		 (r = iomem_free_ranges(m, j->free, (int)(sizeof(j->free) / sizeof(j->free[0])))) < 0)
		r = fail(j, "%s: %s", j->iomem_path, iomem_strerror(r));
	else
		j->n_free = r;
	free(text);
	free(m);
	return r < 0 ? -2 : 0;
}

static int read_fdt(struct job *j)
{
	int r;

	if (read_file(j->dtb_path, FDT_MAX + 1, &j->fdt, &j->fdt_len) < 0)
		return fail(j, "the device tree %s: %s", j->dtb_path, strerror(errno));
	if (j->fdt_len > FDT_MAX)
		return fail(j, "the device tree %s: larger than %u MiB", j->dtb_path, (unsigned)(FDT_MAX >> 20));
	if ((r = dtb_check(j->fdt, j->fdt_len)) < 0)
		return fail(j, "the device tree %s: %s", j->dtb_path, dtb_strerror(r));
	return 0;
}

/* Fresh kaslr-seed and rng-seed; without /dev/urandom the next kernel has neither. */
static void read_seed(struct job *j)
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, j->seed, sizeof(j->seed)) : -1;

	if (fd >= 0)
		close(fd);
	j->seed_len = n == (ssize_t)sizeof(j->seed) ? sizeof(j->seed) : 0;
	if (!j->seed_len)
		log_info("load: kexec_load: no random bytes from /dev/urandom: no kaslr-seed or rng-seed");
}

/* The DTB for the plan's initrd addresses (placeholders before there is a plan). */
static int make_dtb(struct job *j)
{
	struct dtb_chosen c = {
		.bootargs = j->in->cmdline,
		.has_initrd = j->initrd.len > 0,
		.initrd_start = j->plan.initrd.mem,
		.initrd_end = j->plan.initrd.mem + j->initrd.len,
		.seed = j->seed_len ? j->seed : NULL,
		.seed_len = j->seed_len,
	};
	size_t before = j->dtb_len;
	int r;

	free(j->dtb);
	j->dtb = NULL;
	if ((r = dtb_edit_chosen(j->fdt, j->fdt_len, &c, &j->dtb, &j->dtb_len)) < 0)
		return fail(j, "rewriting /chosen of %s: %s", j->dtb_path, dtb_strerror(r));
	if (before && before != j->dtb_len)
		return fail(j, "the device tree changed size between two passes (%zu, %zu bytes)", before,
			    j->dtb_len);
	return 0;
}

static uint64_t largest_free(const struct job *j)
{
	uint64_t m = 0;
	int i;

	for (i = 0; i < j->n_free; i++)
		if (j->free[i].end - j->free[i].start + 1 > m)
			m = j->free[i].end - j->free[i].start + 1;
	return m;
}

static int plan(struct job *j)
{
	struct a64_sizes s = {
		.kernel_file = j->kernel.len, .initrd = j->initrd.len, .dtb = j->dtb_len,
		.purgatory = A64_PURGATORY_BYTES, .page = (uint64_t)getpagesize(),
	};
	int r = a64_plan(j->free, j->n_free, &j->img, &s, &j->plan);

	if (r == A64_NO_ROOM)
		return fail(j, "%s (%llu KiB needed from a 2 MiB boundary; the largest free range of %s: %llu KiB)",
			    a64_strerror(r), (unsigned long long)(j->plan.need >> 10), j->iomem_path,
			    (unsigned long long)(largest_free(j) >> 10));
	if (r < 0)
		return fail(j, "%s", a64_strerror(r));
	return 0;
}

static int prepare(struct job *j)
{
	int r;

	if (map_fd(j, j->in->kernel_fd, "kernel", &j->kernel) < 0 ||
	    map_fd(j, j->in->initrd_fd, "initrd", &j->initrd) < 0)
		return -2;
	if ((r = a64_image_parse(j->kernel.p, j->kernel.len, &j->img)) < 0)
		return fail(j, "the kernel: %s", a64_strerror(r));
	if (free_ram(j) < 0 || read_fdt(j) < 0)
		return -2;
	read_seed(j);
	if (make_dtb(j) < 0 || plan(j) < 0 || make_dtb(j) < 0)
		return -2;
	a64_purgatory(j->purgatory, j->plan.dtb.mem, j->plan.entry);
	return 0;
}

static void print_seg(const char *name, const struct a64_seg *s, const char *what)
{
	printf("segment: %-9s 0x%010llx-0x%010llx %9llu bytes, %s\n", name, (unsigned long long)s->mem,
	       (unsigned long long)(s->mem + s->memsz - 1), (unsigned long long)s->bufsz, what);
}

static void print_plan(const struct job *j)
{
	const struct a64_plan *p = &j->plan;
	char what[120];

	printf("kexec_load: used when this kernel has no kexec_file_load; %d free RAM ranges in %s\n", j->n_free,
	       j->iomem_path);
	snprintf(what, sizeof(what), "image_size %llu, text_offset 0x%llx, entry 0x%llx",
		 (unsigned long long)j->img.image_size, (unsigned long long)j->img.text_offset,
		 (unsigned long long)p->entry);
	print_seg("kernel", &p->kernel, what);
	if (p->initrd.memsz)
		print_seg("initrd", &p->initrd, "linux,initrd-start/end in /chosen");
	snprintf(what, sizeof(what), "%s with /chosen rewritten (%zu bytes)", j->dtb_path, j->fdt_len);
	print_seg("dtb", &p->dtb, what);
	print_seg("purgatory", &p->purgatory, "x0 = dtb, x1-x3 = 0, branch to the entry");
}

static int load(const struct job *j)
{
	const struct a64_plan *p = &j->plan;
	struct ps_kexec_segment seg[4] = {
		{ j->kernel.p, j->kernel.len, (unsigned long)p->kernel.mem, (size_t)p->kernel.memsz },
	};
	unsigned long n = 1;

	if (p->initrd.memsz)
		seg[n++] = (struct ps_kexec_segment){ j->initrd.p, j->initrd.len, (unsigned long)p->initrd.mem,
						      (size_t)p->initrd.memsz };
	seg[n++] = (struct ps_kexec_segment){ j->dtb, j->dtb_len, (unsigned long)p->dtb.mem, (size_t)p->dtb.memsz };
	seg[n++] = (struct ps_kexec_segment){ j->purgatory, sizeof(j->purgatory), (unsigned long)p->purgatory.mem,
					      (size_t)p->purgatory.memsz };
	log_info("load: kexec_load: kernel at 0x%llx (entry), initrd at 0x%llx (%zu bytes), dtb at 0x%llx (%zu bytes), "
		 "purgatory at 0x%llx", (unsigned long long)p->entry, (unsigned long long)p->initrd.mem, j->initrd.len,
		 (unsigned long long)p->dtb.mem, j->dtb_len, (unsigned long long)p->purgatory.mem);
	return sys_kexec_load((unsigned long)p->purgatory.mem, n, seg, PS_KEXEC_ARCH_AARCH64) == 0 ? 0 : -1;
}

static void release(struct job *j)
{
	int e = errno;

	if (j->kernel.p)
		munmap(j->kernel.p, j->kernel.len);
	if (j->initrd.p)
		munmap(j->initrd.p, j->initrd.len);
	free(j->fdt);
	free(j->dtb);
	errno = e;
}

int a64_stage(const struct a64_load *in)
{
	struct job *j = calloc(1, sizeof(*j));
	int r, e;

	if (!j) {
		log_err("load: kexec_load: no memory");
		return -2;
	}
	j->in = in;
	j->dtb_path = in->dtb ? in->dtb : FDT_PATH;
	j->iomem_path = in->iomem ? in->iomem : IOMEM_PATH;
	r = prepare(j);
	if (r == 0 && in->dry_run)
		print_plan(j);
	else if (r == 0)
		r = load(j);
	release(j);
	e = errno;
	free(j);
	errno = e;
	return in->dry_run ? 0 : r;
}

long a64_unload(void)
{
	return sys_kexec_load(0, 0, NULL, PS_KEXEC_ARCH_AARCH64);
}

#else /* no kexec_load path on this architecture */
#include <errno.h>

int a64_stage(const struct a64_load *in)
{
	(void)in;
	errno = ENOSYS;
	return -1;
}

long a64_unload(void)
{
	errno = ENOSYS;
	return -1;
}
#endif
