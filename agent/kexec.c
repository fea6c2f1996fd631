/* kexec.c - "pitstop load|unload|status": kexec_file_load without kexec-tools. */
#include "kexec.h"
#include "bootfiles.h"
#include "cmdline.h"
#include "fileio.h"
#include "kimage.h"
#include "log.h"
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

struct load_req {
	const char *kernel, *initrd, *append, *command_line, *root;
	bool no_initrd, reuse, dry_run, bls_default, newest;
};

int kexec_staged(void)
{
	char v[8];

	if (read_line("/sys/kernel/kexec/loaded", v, sizeof(v)) == 0 ||
	    read_line("/sys/kernel/kexec_loaded", v, sizeof(v)) == 0)
		return v[0] == '1';
	return -1;
}

/* Opens a kernel image and checks its header. */
static int open_kernel(const char *path)
{
	unsigned char hdr[KIMAGE_HEADER_BYTES];
	enum kimage_kind kind;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		log_err("load: kernel %s: %s", path, strerror(errno));
		return -1;
	}
	n = read(fd, hdr, sizeof(hdr));
	kind = kimage_detect(hdr, n > 0 ? (size_t)n : 0);
	if (!kimage_loadable_here(kind)) {
		log_err("load: %s: %s, not a kernel this architecture can kexec", path, kimage_kind_name(kind));
		close(fd);
		errno = ENOEXEC;
		return -1;
	}
	lseek(fd, 0, SEEK_SET);
	return fd;
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
		log_err("load: command line too long: the limit is %d bytes with its NUL", KEXEC_CMDLINE_MAX - 1 + 1);
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
	if (r < 0)
		log_err("load: no kernel found under %s/boot (%s)%s", rq->root,
			rq->bls_default ? "no boot loader entries" : rq->newest ? "no vmlinuz-*" : "no image of the running release",
			rq->bls_default ? "" : "; name one: pitstop load /boot/vmlinuz-VERSION");
	return r;
}

static int do_load(const struct load_req *rq)
{
	struct boot_choice c;
	char cmdline[KEXEC_CMDLINE_MAX + 64];
	const char *initrd;
	int kfd, ifd = -1, len;
	unsigned long flags = 0;
	long r;

	if (choose(rq, &c) < 0)
		return 2;
	initrd = rq->no_initrd ? NULL : rq->initrd ? rq->initrd : c.initrd[0] ? c.initrd : NULL;
	len = build_cmdline(rq, &c, cmdline, KEXEC_CMDLINE_MAX);
	if (len < 0)
		return 2;
	kfd = open_kernel(c.kernel);
	if (kfd < 0)
		return 2;
	if (initrd && (ifd = open(initrd, O_RDONLY | O_CLOEXEC)) < 0) {
		log_err("load: initrd %s: %s", initrd, strerror(errno));
		close(kfd);
		return 2;
	}
	if (!initrd)
		flags |= PS_KEXEC_FILE_NO_INITRAMFS;
	if (rq->dry_run) {
		printf("kernel:  %s (%s)\ninitrd:  %s\ncmdline: %s\nlength:  %d bytes with NUL (limit %d)\n",
		       c.kernel, c.source, initrd ? initrd : "(none)", cmdline, len + 1, KEXEC_CMDLINE_MAX);
		close(kfd);
		if (ifd >= 0)
			close(ifd);
		return 0;
	}
	r = sys_kexec_file_load(kfd, ifd, (unsigned long)len + 1, cmdline, flags);
	if (r != 0) {
		int e = errno;

		log_err("load: kexec_file_load %s: %s (%s)", c.kernel, kexec_explain(e), strerror(e));
	} else {
		log_notice("load: staged %s%s%s, cmdline '%s'", c.kernel, initrd ? " with " : " without initrd",
			   initrd ? initrd : "", cmdline);
	}
	close(kfd);
	if (ifd >= 0)
		close(ifd);
	return r == 0 ? 0 : 1;
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

int cmd_load(int argc, char **argv)
{
	struct load_req rq = { .root = "" };
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v;

		if ((v = opt_value(argc, argv, &i, "--initrd")))
			rq.initrd = v;
		else if ((v = opt_value(argc, argv, &i, "--append")))
			rq.append = v;
		else if ((v = opt_value(argc, argv, &i, "--command-line")))
			rq.command_line = v;
		else if ((v = opt_value(argc, argv, &i, "--root")))
			rq.root = v;
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
	if (rq.reuse && rq.command_line) {
		log_err("load: --reuse-cmdline and --command-line exclude each other");
		return 2;
	}
	return do_load(&rq);
}

int cmd_unload(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		log_err("unload: takes no arguments");
		return 2;
	}
	if (sys_kexec_file_load(-1, -1, 0, NULL, PS_KEXEC_FILE_UNLOAD) != 0) {
		log_err("unload: %s (%s)", kexec_explain(errno), strerror(errno));
		return 1;
	}
	log_notice("unload: nothing staged now");
	return 0;
}

int kexec_stage_running(const char *root)
{
	struct load_req rq = { .root = root, .reuse = true };

	return do_load(&rq) == 0 ? 0 : -1;
}
