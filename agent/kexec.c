/* kexec.c - "pitstop load|unload|status": kexec_file_load without kexec-tools
 * (on arm64 kernels without it, kexec_load: kexec_arm64.c). */
#include "kexec.h"
#include "kexec_arm64.h"
#include "bootfiles.h"
#include "cmdline.h"
#include "fileio.h"
#include "kfile.h"
#include "kimage.h"
#include "log.h"
#include "pe.h"
#include "sys.h"
#include "unwrap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

struct load_req {
	const char *kernel, *append, *command_line, *root;
	const char *dtb, *iomem; /* arm64's kexec_load: instead of /sys/firmware/fdt, /proc/iomem */
	const char *initrd[BOOT_MAX_INITRDS];
	int n_initrd;
	bool no_initrd, reuse, dry_run, bls_default, newest;
};

/* A unified kernel image the kernel came from (fd -1: it did not). */
struct uki {
	int fd;
	struct pe_info pe;
	const struct pe_section *linux_, *cmdline, *uname;
	struct kfile_range initrd[2]; /* .ucode, .initrd: those present */
	const char *initrd_name[2];
	int n_initrd;
};

/* The kernel as kexec_file_load gets it. */
struct kernel_in {
	int fd;
	int locked;               /* lockdown: pass compressed or signed wrappers as they are */
	struct uki *uki;
	enum kimage_kind kind;    /* what fd holds */
	enum kimage_kind wrapper; /* what it was unpacked from; KIMAGE_UNKNOWN: as is */
	uint64_t unpacked;        /* bytes, when unpacked */
	const char *path;
};

int kexec_staged(void)
{
	char v[8];

	if (read_line("/sys/kernel/kexec/loaded", v, sizeof(v)) == 0 ||
	    read_line("/sys/kernel/kexec_loaded", v, sizeof(v)) == 0)
		return v[0] == '1';
	return -1;
}

int kexec_lockdown(void)
{
	char v[128];

	if (read_line("/sys/kernel/security/lockdown", v, sizeof(v)) < 0)
		return LOCKDOWN_UNKNOWN;
	return lockdown_parse(v);
}

int kexec_locked_down(void)
{
	int l = kexec_lockdown();

	return l == LOCKDOWN_INTEGRITY || l == LOCKDOWN_CONFIDENTIALITY;
}

static void detect(struct kernel_in *k, unsigned char *hdr, size_t *n)
{
	ssize_t r = pread(k->fd, hdr, KIMAGE_HEADER_BYTES, 0);

	*n = r > 0 ? (size_t)r : 0;
	k->kind = kimage_detect(hdr, *n);
}

/* A gzip file larger than the bound by its own trailer is refused at once. */
static int gzip_precheck(const struct kernel_in *k, const unsigned char *hdr, size_t n, off_t size)
{
	unsigned char t[8];

	if (gzip_header_len(hdr, n) == GZIP_BAD || size < 18 || pread(k->fd, t, 8, size - 8) != 8) {
		log_err("load: %s: not a gzip file that can be unpacked", k->path);
		return -1;
	}
	if (gzip_trailer_size(t) > UNWRAP_MAX) {
		log_err("load: %s: its gzip trailer says it unpacks to %u MiB, more than %llu MiB "
			"(or the file is truncated): refused", k->path, (unsigned)(gzip_trailer_size(t) >> 20),
			(unsigned long long)(UNWRAP_MAX >> 20));
		return -1;
	}
	return 0;
}

/* Replaces k->fd (gzip data or an EFI ZBOOT image) by the kernel inside. */
static int unwrap(struct kernel_in *k)
{
	unsigned char hdr[KIMAGE_HEADER_BYTES];
	struct kimage_zboot z;
	struct stat st;
	off_t off = 0;
	size_t n;
	int fd;

	detect(k, hdr, &n);
	if (fstat(k->fd, &st) < 0)
		return -1;
	if (k->kind == KIMAGE_EFI_ZBOOT) {
		if (kimage_parse_zboot(hdr, n, (uint64_t)st.st_size, &z) < 0) {
			log_err("load: %s: EFI zboot image with a malformed or truncated header", k->path);
			return -1;
		}
		if (strcmp(z.comp, "gzip") != 0) {
			log_err("load: %s: EFI zboot image with a %s-compressed kernel: unsupported, "
				"decompress it first", k->path, z.comp);
			return -1;
		}
		off = (off_t)z.payload_offset;
	} else if (gzip_precheck(k, hdr, n, st.st_size) < 0) {
		return -1;
	}
	fd = unwrap_gzip(k->fd, k->path, off, UNWRAP_MAX, &k->unpacked);
	if (fd < 0)
		return -1;
	close(k->fd);
	k->fd = fd;
	k->wrapper = k->kind;
	detect(k, hdr, &n);
	if (kimage_loadable_here(k->kind))
		return 0;
	log_err("load: %s: %s holding %s, not a kernel this architecture can kexec", k->path,
		kimage_kind_name(k->wrapper), kimage_kind_name(k->kind));
	return -1;
}

/* The sections of the UKI at fd into u; 0, or -1 after logging. */
static int uki_sections(const char *path, int fd, struct uki *u)
{
	int r = pe_read(fd, &u->pe);
	const struct pe_section *s;

	if (r == PE_MALFORMED) {
		log_err("load: %s: a PE file with malformed or truncated headers or sections: refused", path);
		return -1;
	}
	u->linux_ = r == 0 ? pe_find(&u->pe, ".linux") : NULL;
	if (!u->linux_ || !u->linux_->size) {
		log_err("load: %s: a PE file without a .linux section: not a unified kernel image, "
			"nor a kernel this architecture can kexec", path);
		return -1;
	}
	u->cmdline = pe_find(&u->pe, ".cmdline");
	u->uname = pe_find(&u->pe, ".uname");
	if ((s = pe_find(&u->pe, ".ucode")) && s->size) {
		u->initrd_name[u->n_initrd] = "the UKI's .ucode section";
		u->initrd[u->n_initrd++] = (struct kfile_range){ s->offset, s->size };
	}
	if ((s = pe_find(&u->pe, ".initrd")) && s->size) {
		u->initrd_name[u->n_initrd] = "the UKI's .initrd section";
		u->initrd[u->n_initrd++] = (struct kfile_range){ s->offset, s->size };
	}
	u->fd = fd;
	return 0;
}

/* A UKI in k->fd: keep it in u, k->fd becomes its .linux in memory. */
static int open_uki(struct kernel_in *k, struct uki *u)
{
	int fd;

	if (uki_sections(k->path, k->fd, u) < 0)
		return -1;
	fd = kfile_extract(u->fd, u->linux_->offset, u->linux_->size, "pitstop-uki-linux");
	if (fd < 0)
		return -1;
	k->uki = u;
	k->fd = fd;
	return 0;
}

/* Opens the kernel (a UKI: its .linux) and unpacks gzip; an EFI ZBOOT image
 * stays as it is (the kernel may take it, signature and all: see do_load).
 * Under lockdown nothing is unpacked: the kernel checks the signature. */
static int open_kernel(const char *path, struct kernel_in *k, struct uki *u)
{
	unsigned char hdr[KIMAGE_HEADER_BYTES];
	size_t n;
	int fd;

	memset(k, 0, sizeof(*k));
	u->fd = -1;
	k->path = path;
	k->locked = kexec_locked_down();
	k->fd = fd = kfile_open(path, "kernel");
	if (k->fd < 0)
		return -1;
	detect(k, hdr, &n);
	if (k->kind == KIMAGE_PE && open_uki(k, u) < 0)
		goto fail;
	if (k->uki)
		detect(k, hdr, &n);
	if (kimage_loadable_here(k->kind) || k->kind == KIMAGE_EFI_ZBOOT ||
	    (k->locked && k->kind == KIMAGE_GZIP))
		return 0;
	if (k->kind == KIMAGE_GZIP && unwrap(k) == 0)
		return 0;
	if (k->kind == KIMAGE_GZIP || k->wrapper != KIMAGE_UNKNOWN)
		; /* unwrap said why */
	else if (kimage_compressed(k->kind))
		log_err("load: %s: %s%s-compressed kernel: unsupported, decompress it first", path,
			k->uki ? "its .linux section is a " : "", kimage_kind_name(k->kind));
	else
		log_err("load: %s: %s%s, not a kernel this architecture can kexec", path,
			k->uki ? "its .linux section is a " : "", kimage_kind_name(k->kind));
fail:
	if (k->fd >= 0 && k->fd != fd)
		close(k->fd);
	if (fd >= 0)
		close(fd);
	k->fd = u->fd = -1;
	errno = ENOEXEC;
	return -1;
}

/* The UKI's .cmdline as the entry's options (unless the command line
 * names another); 0, or -1 after logging. */
static int uki_cmdline(const struct kernel_in *k, struct boot_choice *c)
{
	const struct pe_section *s = k->uki ? k->uki->cmdline : NULL;
	char *e;

	if (!s)
		return 0;
	if (pe_read_section(k->uki->fd, s, sizeof(c->options) - 1, c->options) < 0) {
		log_err("load: %s: its .cmdline (%u bytes) is unreadable or too long: the limit is %d bytes "
			"with its NUL", k->path, (unsigned)s->size, KEXEC_CMDLINE_MAX);
		return -1;
	}
	for (e = c->options; *e; e++)
		if (*e == '\n' || *e == '\r' || *e == '\t')
			*e = ' ';
	while (e > c->options && e[-1] == ' ')
		*--e = '\0';
	c->has_options = 1;
	return 0;
}

static int build_cmdline(const struct load_req *rq, const struct boot_choice *c, char *out, size_t max)
{
	char proc[4096] = "";
	const char *base = "";
	int r;

	if (rq->command_line)
		base = rq->command_line;
	else if (c->has_options && !rq->reuse)
		base = c->options;
	else if (read_line("/proc/cmdline", proc, sizeof(proc)) == 0)
		base = proc;
	r = cmdline_build(base, rq->append, out, max);
	if (r == CMDLINE_TOO_LONG)
		log_err("load: command line too long: the limit is %d bytes with its NUL", KEXEC_CMDLINE_MAX);
	else if (r == CMDLINE_BAD_QUOTES)
		log_err("load: command line has an unbalanced double quote");
	return r;
}

static int choose(const struct load_req *rq, struct boot_choice *c)
{
	struct utsname u;
	int r;

	if (rq->kernel) {
		memset(c, 0, sizeof(*c));
		if (strlen(rq->kernel) >= sizeof(c->kernel)) {
			log_err("load: kernel path longer than %d bytes: refused", BOOT_PATH_MAX - 1);
			return -1;
		}
		snprintf(c->kernel, sizeof(c->kernel), "%s", rq->kernel);
		snprintf(c->source, sizeof(c->source), "given on the command line");
		return 0;
	}
	if (rq->bls_default)
		r = boot_find_bls_default(rq->root, c);
	else if (rq->newest)
		r = boot_find_newest(rq->root, c);
	else
		r = uname(&u) == 0 ? boot_find_release(rq->root, u.release, c) : -1;
	if (r < 0 && errno == ENAMETOOLONG)
		log_err("load: a boot file path under %s is longer than %d bytes: refused", rq->root, BOOT_PATH_MAX - 1);
	else if (r < 0)
		log_err("load: no kernel found under %s/boot (%s)%s", rq->root,
			rq->bls_default ? "no boot loader entries" : rq->newest ? "no vmlinuz-*" : "no image of the running release",
			rq->bls_default ? "" : "; name one: pitstop load /boot/vmlinuz-VERSION");
	return r;
}

/* The initrds to load, in order: --initrd options, else the chosen ones. */
static int initrd_list(const struct load_req *rq, const struct boot_choice *c, const char **v)
{
	int i;

	if (rq->no_initrd)
		return 0;
	if (rq->n_initrd) {
		memcpy(v, rq->initrd, sizeof(*v) * (size_t)rq->n_initrd);
		return rq->n_initrd;
	}
	for (i = 0; i < c->n_initrd; i++)
		v[i] = c->initrd[i];
	return c->n_initrd;
}

/* "A + B + C" (or "" for none) into out. */
static const char *join(const char *const *v, int n, char *out, size_t sz)
{
	size_t len = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < n && len < sz; i++)
		len += (size_t)snprintf(out + len, sz - len, "%s%s", i ? " + " : "", v[i]);
	return out;
}

static void describe(const struct kernel_in *k, char *out, size_t sz)
{
	const char *from = k->uki ? ", the UKI's .linux section" : "";

	if (k->wrapper != KIMAGE_UNKNOWN)
		snprintf(out, sz, "%s, unpacked from %s in memory (%llu bytes)%s", kimage_kind_name(k->kind),
			 kimage_kind_name(k->wrapper), (unsigned long long)k->unpacked, from);
	else if (k->locked && !kimage_loadable_here(k->kind))
		snprintf(out, sz, "%s, passed as it is: lockdown, the kernel checks its signature%s",
			 kimage_kind_name(k->kind), from);
	else
		snprintf(out, sz, "%s%s", kimage_kind_name(k->kind), from);
}

static void print_uki(const struct uki *u)
{
	char un[64] = "";

	if (u->uname)
		pe_read_section(u->fd, u->uname, sizeof(un) - 1, un);
	un[strcspn(un, "\r\n")] = '\0';
	printf("uki:     .linux %u bytes, .initrd %s, .cmdline %s, .uname %s, %s\n", (unsigned)u->linux_->size,
	       u->n_initrd ? "yes" : "no", u->cmdline ? "yes" : "no", un[0] ? un : "none",
	       u->pe.is_signed ? "signed" : "unsigned");
}

static void print_dry_run(const struct boot_choice *c, const struct kernel_in *k, const char *const *initrds,
			  int n, int ifd, const char *cmdline, int len, const char *cmdline_from)
{
	struct stat st;
	char what[200];
	int i;

	describe(k, what, sizeof(what));
	printf("kernel:  %s (%s)\n", c->kernel, c->source);
	if (k->uki)
		print_uki(k->uki);
	printf("format:  %s\n", what);
	for (i = 0; i < n; i++)
		printf("initrd:  %s\n", initrds[i]);
	if (n == 0)
		printf("initrd:  (none)\n");
	if (n > 1 && fstat(ifd, &st) == 0)
		printf("initrds: %lld bytes in one image, in this order\n", (long long)st.st_size);
	printf("cmdline: %s\nlength:  %d bytes with NUL (limit %d)%s\n", cmdline, len + 1, KEXEC_CMDLINE_MAX,
	       cmdline_from);
	if (k->locked)
		printf("lockdown: on: nothing is unpacked, the kernel verifies the signature\n");
}

/* kexec_file_load, and for an EFI ZBOOT image the kernel refuses as it is
 * (arm64 answers EINVAL, others ENOEXEC) once more with the kernel inside
 * (not under lockdown: that would break the signature). */
static long stage(struct kernel_in *k, int ifd, const char *cmdline, int len)
{
	/* The normal slot only: never KEXEC_FILE_ON_CRASH (kdump's). */
	unsigned long flags = ifd < 0 ? PS_KEXEC_FILE_NO_INITRAMFS : 0;
	long r = sys_kexec_file_load(k->fd, ifd, (unsigned long)len + 1, cmdline, flags);

	if (r != 0 && (errno == ENOEXEC || errno == EINVAL) && k->kind == KIMAGE_EFI_ZBOOT && !k->locked) {
		log_info("load: %s: not taken as an EFI zboot image (%s): unpacking it", k->path, strerror(errno));
		if (unwrap(k) < 0)
			return -2;
		r = sys_kexec_file_load(k->fd, ifd, (unsigned long)len + 1, cmdline, flags);
	}
	return r;
}

/* arm64 without kexec_file_load: kexec_load with a DTB and a purgatory (not
 * under lockdown: the kernel refuses kexec_load then, and says EPERM). */
static long stage_old(const struct load_req *rq, struct kernel_in *k, int ifd, const char *cmdline)
{
	struct a64_load in = { .initrd_fd = ifd, .cmdline = cmdline, .dtb = rq->dtb, .iomem = rq->iomem };

	if (k->locked) {
		log_err("load: %s: this kernel has no kexec_file_load (built without CONFIG_KEXEC_FILE) and lockdown "
			"refuses kexec_load: under lockdown nothing can be staged here [lockdown]", k->path);
		return -2;
	}
	if (k->kind == KIMAGE_EFI_ZBOOT && unwrap(k) < 0)
		return -2;
	log_info("load: no kexec_file_load in this kernel: staging %s with kexec_load", k->path);
	in.kernel_fd = k->fd;
	return a64_stage(&in);
}

/* All initrds, the UKI's sections first, as one fd (-1 for none; -2 failed). */
static int open_initrds(const struct load_req *rq, const struct kernel_in *k, const char *const *paths,
			int n, const char **names, int *total)
{
	const struct uki *u = k->uki;
	int nr = u && !rq->no_initrd ? u->n_initrd : 0, fd;

	*total = nr + n;
	if (nr)
		memcpy(names, u->initrd_name, sizeof(*names) * (size_t)nr);
	memcpy(names + nr, paths, sizeof(*names) * (size_t)n);
	if (!*total)
		return -1;
	fd = kfile_concat_ranges(nr ? u->fd : -1, nr ? u->initrd : NULL, nr, paths, n);
	return fd < 0 ? -2 : fd;
}

static void report_failure(const struct kernel_in *k, const char *kernel, int e, int old)
{
	if (old)
		log_err("load: kexec_load %s: %s (%s)", kernel, kexec_load_explain(e), strerror(e));
	else
		log_err("load: kexec_file_load %s: %s (%s)%s", kernel,
			k->locked ? kexec_explain_locked(e) : kexec_explain(e), strerror(e), k->locked ? " [lockdown]" : "");
}

/* What --dry-run adds on arm64: the kexec_load plan, used if kexec_file_load is missing. */
static void print_old_plan(const struct load_req *rq, const struct kernel_in *k, int ifd, const char *cmdline)
{
	struct a64_load in = { k->fd, ifd, cmdline, rq->dtb, rq->iomem, 1 };

	if (!A64_KEXEC_LOAD)
		return;
	if (k->locked)
		printf("kexec_load: refused under lockdown: only kexec_file_load can stage a kernel then\n");
	else
		a64_stage(&in);
}

static int do_load(const struct load_req *rq)
{
	struct boot_choice c;
	struct kernel_in k;
	struct uki u;
	char cmdline[KEXEC_CMDLINE_MAX + 64], names[(BOOT_MAX_INITRDS + 2) * (BOOT_PATH_MAX + 3)], what[200];
	const char *initrds[BOOT_MAX_INITRDS], *all[BOOT_MAX_INITRDS + 2];
	int ifd = -1, len, n, total, rc = 2, old = 0;
	long r;

	if (choose(rq, &c) < 0)
		return 2;
	if (open_kernel(c.kernel, &k, &u) < 0)
		return 2;
	n = initrd_list(rq, &c, initrds);
	if (uki_cmdline(&k, &c) < 0 || (len = build_cmdline(rq, &c, cmdline, KEXEC_CMDLINE_MAX)) < 0)
		goto out;
	if ((ifd = open_initrds(rq, &k, initrds, n, all, &total)) == -2)
		goto out;
	if (rq->dry_run) {
		if (k.kind == KIMAGE_EFI_ZBOOT && !k.locked && unwrap(&k) < 0)
			goto out;
		print_dry_run(&c, &k, all, total, ifd, cmdline, len,
			      k.uki && k.uki->cmdline && !rq->command_line && !rq->reuse ? ", the UKI's .cmdline" : "");
		print_old_plan(rq, &k, ifd, cmdline);
		rc = 0;
		goto out;
	}
	r = stage(&k, ifd, cmdline, len);
	if (r != 0 && r != -2 && errno == ENOSYS && A64_KEXEC_LOAD) {
		old = 1;
		r = stage_old(rq, &k, ifd, cmdline);
	}
	if (r == -2) {
		rc = old ? 1 : 2;
		goto out;
	}
	if (r != 0) {
		report_failure(&k, c.kernel, errno, old);
		rc = 1;
		goto out;
	}
	describe(&k, what, sizeof(what));
	log_notice("load: staged %s (%s) %s%s, cmdline '%s', with %s", c.kernel, what, total ? "with " : "without initrd",
		   join(all, total, names, sizeof(names)), cmdline,
		   old ? "kexec_load (this kernel has no kexec_file_load)" : "kexec_file_load");
	note_staged(c.kernel);
	rc = 0;
out:
	if (k.fd >= 0)
		close(k.fd);
	if (u.fd >= 0)
		close(u.fd);
	if (ifd >= 0)
		close(ifd);
	return rc;
}

static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

static int check_request(const struct load_req *rq)
{
	if (rq->reuse && rq->command_line) {
		log_err("load: --reuse-cmdline and --command-line exclude each other");
		return -1;
	}
	if (rq->no_initrd && rq->n_initrd) {
		log_err("load: --initrd and --no-initrd exclude each other");
		return -1;
	}
	if ((rq->dtb || rq->iomem) && !A64_KEXEC_LOAD) {
		log_err("load: --dtb and --iomem are for arm64 kernels staged with kexec_load: not on this architecture");
		return -1;
	}
	if (rq->iomem && !rq->dry_run) {
		log_err("load: --iomem (another memory map than /proc/iomem) only with --dry-run");
		return -1;
	}
	return 0;
}

int cmd_load(int argc, char **argv)
{
	struct load_req rq = { .root = "" };
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v;

		if ((v = opt_value(argc, argv, &i, "--initrd"))) {
			if (rq.n_initrd == BOOT_MAX_INITRDS) {
				log_err("load: at most %d --initrd options", BOOT_MAX_INITRDS);
				return 2;
			}
			rq.initrd[rq.n_initrd++] = v;
		} else if ((v = opt_value(argc, argv, &i, "--append")))
			rq.append = v;
		else if ((v = opt_value(argc, argv, &i, "--command-line")))
			rq.command_line = v;
		else if ((v = opt_value(argc, argv, &i, "--root")))
			rq.root = v;
		else if ((v = opt_value(argc, argv, &i, "--dtb")))
			rq.dtb = v;
		else if ((v = opt_value(argc, argv, &i, "--iomem")))
			rq.iomem = v;
		else if (strcmp(a, "--no-initrd") == 0)
			rq.no_initrd = true;
		else if (strcmp(a, "--reuse-cmdline") == 0)
			rq.reuse = true;
		else if (strcmp(a, "--dry-run") == 0)
			rq.dry_run = true;
		else if (strcmp(a, "--default") == 0)
			rq.bls_default = true;
		else if (strcmp(a, "--newest") == 0)
			rq.newest = true;
		else if (a[0] == '-' || rq.kernel) {
			log_err("load: unknown or repeated argument '%s' (see pitstop --help)", a);
			return 2;
		} else
			rq.kernel = a;
	}
	return check_request(&rq) < 0 ? 2 : do_load(&rq);
}

/* Who staged the kernel, for `pitstop status`: a note in /run (gone at the next boot).
 * Another tool loading after us is not seen; status says so. */
void note_staged(const char *kernel)
{
	char line[600];

	if (!kernel) {
		unlink(STAGED_NOTE);
		return;
	}
	if (mkdir("/run/pitstop", 0755) < 0 && errno != EEXIST)
		return;
	snprintf(line, sizeof(line), "%s\n", kernel);
	if (create_file(STAGED_NOTE, line) < 0)
		log_warn("load: cannot note the staged kernel in " STAGED_NOTE ": %s", strerror(errno));
}

int cmd_unload(int argc, char **argv)
{
	long r;
	int old = 0;

	(void)argv;
	if (argc > 1) {
		log_err("unload: takes no arguments");
		return 2;
	}
	/* The normal slot only: a crash kernel (kdump) stays loaded. kexec_file_load's
	 * unload empties that slot whichever call filled it; a kernel without
	 * kexec_file_load (arm64) empties it with kexec_load and no segments. */
	r = sys_kexec_file_load(-1, -1, 0, NULL, PS_KEXEC_FILE_UNLOAD);
	if (r != 0 && errno == ENOSYS && A64_KEXEC_LOAD) {
		old = 1;
		r = a64_unload();
	}
	if (r != 0) {
		log_err("unload: %s%s (%s)", old ? "kexec_load: " : "", old ? kexec_load_explain(errno) : kexec_explain(errno),
			strerror(errno));
		return 1;
	}
	note_staged(NULL);
	log_notice("unload: nothing staged now (%s)", old ? "kexec_load" : "kexec_file_load");
	return 0;
}

int kexec_stage_running(const char *root)
{
	struct load_req rq = { .root = root, .reuse = true };

	return do_load(&rq) == 0 ? 0 : -1;
}
