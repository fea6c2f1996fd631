/* bootfiles.c - which kernel image and initrd belong together. */
#include "bootfiles.h"
#include "bls.h"
#include "fileio.h"
#include "pe.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int exists(const char *p)
{
	return access(p, R_OK) == 0;
}

/* snprintf into a path buffer; -1 (ENAMETOOLONG) instead of a truncated path. */
static int path_fmt(char *out, size_t sz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int path_fmt(char *out, size_t sz, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, sz, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sz) {
		out[0] = '\0';
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* path_fmt, then: does it exist? 1 yes, 0 no, -1 too long. */
static int found(char *out, size_t sz, const char *fmt, const char *a, const char *b)
{
	if (path_fmt(out, sz, fmt, a, b) < 0)
		return -1;
	return exists(out);
}

static int find_initrd(const char *root, const char *release, struct boot_choice *c)
{
	static const char *const forms[] = { "%s/boot/initrd.img-%s", "%s/boot/initramfs-%s.img",
					     "%s/boot/initrd-%s", "%s/boot/initramfs-%s",
					     "%s/usr/lib/modules/%s/initrd", NULL };
	int i, r;

	for (i = 0; forms[i]; i++) {
		r = found(c->initrd[0], sizeof(c->initrd[0]), forms[i], root, release);
		if (r < 0)
			return -1;
		if (r) {
			c->n_initrd = 1;
			return 0;
		}
	}
	c->initrd[0][0] = '\0';
	return 0;
}

int boot_find_release(const char *root, const char *release, struct boot_choice *c)
{
	int r;

	memset(c, 0, sizeof(*c));
	r = found(c->kernel, sizeof(c->kernel), "%s/boot/vmlinuz-%s", root, release);
	if (r == 0) /* the kernel-install layout (Fedora; Debian from forky on) */
		r = found(c->kernel, sizeof(c->kernel), "%s/usr/lib/modules/%s/vmlinuz", root, release);
	if (r > 0) {
		snprintf(c->source, sizeof(c->source), "running release %s", release);
		return find_initrd(root, release, c);
	}
	if (r == 0)
		r = found(c->kernel, sizeof(c->kernel), "%s/vmlinuz%s", root, "");
	if (r > 0) {
		snprintf(c->source, sizeof(c->source), "the /vmlinuz link (no image for %s)", release);
		r = found(c->initrd[0], sizeof(c->initrd[0]), "%s/initrd.img%s", root, "");
		if (r < 0)
			return -1;
		c->n_initrd = r;
		if (!r)
			c->initrd[0][0] = '\0';
		return 0;
	}
	if (r == 0)
		errno = ENOENT;
	return -1;
}

int boot_find_newest(const char *root, struct boot_choice *c)
{
	char dir[BOOT_PATH_MAX], best[256] = "";
	struct dirent *de;
	DIR *d;
	int r;

	if (path_fmt(dir, sizeof(dir), "%s/boot", root) < 0)
		return -1;
	d = opendir(dir);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		const char *v = de->d_name + 8;

		if (strncmp(de->d_name, "vmlinuz-", 8) != 0 || strlen(v) >= sizeof(best))
			continue;
		if (!best[0] || version_compare(v, best) > 0)
			strcpy(best, v);
	}
	closedir(d);
	r = boot_newest_uki(root, best, c);
	if (r != 0)
		return r > 0 ? 0 : -1;
	if (!best[0]) {
		errno = ENOENT;
		return -1;
	}
	if (boot_find_release(root, best, c) < 0)
		return -1;
	snprintf(c->source, sizeof(c->source), "newest installed %s", best);
	return 0;
}

int pe_read(int fd, struct pe_info *pe)
{
	unsigned char *h = malloc(PE_HEADER_BYTES);
	struct stat st;
	ssize_t n = -1;
	int r = PE_NOT_PE;

	if (h && fstat(fd, &st) == 0 && (n = pread(fd, h, PE_HEADER_BYTES, 0)) > 0)
		r = pe_parse(h, (size_t)n, (uint64_t)st.st_size, pe);
	free(h);
	return r;
}

int pe_read_section(int fd, const struct pe_section *s, size_t max, char *buf)
{
	if (!s || s->size > max)
		return -1;
	if (pread(fd, buf, s->size, s->offset) != (ssize_t)s->size)
		return -1;
	buf[s->size] = '\0';
	return 0;
}

#define OSREL_MAX (1 << 16)
#define UNAME_MAX 255

/* A UKI's entry from its .osrel and .uname, both kept in *text (the caller frees it). */
static int uki_entry(const char *path, const char *name, struct bls_entry *e, char **text)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY), r = -1;
	const struct pe_section *o, *u;
	struct stat st;
	struct pe_info pe;
	char *t = NULL, *un;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && pe_read(fd, &pe) == 0 && pe_find(&pe, ".linux") &&
	    (o = pe_find(&pe, ".osrel")) && o->size <= OSREL_MAX && (t = malloc(o->size + UNAME_MAX + 2)) &&
	    pe_read_section(fd, o, OSREL_MAX, t) == 0) {
		un = t + o->size + 1;
		u = pe_find(&pe, ".uname");
		if (!u || pe_read_section(fd, u, UNAME_MAX, un) < 0)
			un[0] = '\0';
		un[strcspn(un, "\r\n")] = '\0';
		r = bls_type2(name, t, un, e);
	}
	close(fd);
	if (r < 0)
		free(t);
	else
		*text = t;
	return r;
}

#define BLS_MAX_ENTRIES 64

static int by_menu_order(const void *a, const void *b)
{
	return bls_compare(a, b);
}

/* Loads the entries of dir/loader/entries after the n in v; returns how many
 * there are now, texts kept in texts[]. */
static int load_entries(const char *dir, struct bls_entry *v, char **texts, int n)
{
	char path[BOOT_PATH_MAX + 16];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "%s/loader/entries", dir);
	d = opendir(path);
	if (!d)
		return n;
	while ((de = readdir(d)) && n < BLS_MAX_ENTRIES) {
		size_t len = strlen(de->d_name);
		char file[BOOT_PATH_MAX + 300];

		if (len < 6 || strcmp(de->d_name + len - 5, ".conf") != 0)
			continue;
		snprintf(file, sizeof(file), "%s/%s", path, de->d_name);
		if (read_file(file, 1 << 16, &texts[n], &len) < 0)
			continue;
		if (bls_parse(de->d_name, texts[n], &v[n]) == 0)
			n++;
		else
			free(texts[n]);
	}
	closedir(d);
	return n;
}

/* Where type #1 entries (loader/entries) and type #2 ones (EFI/Linux) are looked for. */
static const char *const places[] = { "/boot", "/efi", "/boot/efi", NULL };

/* Adds the UKIs of root/PLACE/EFI/Linux/ *.efi of every place to the n in v. */
static int load_type2(const char *root, struct bls_entry *v, char **texts, int n)
{
	char path[BOOT_PATH_MAX + 300];
	struct dirent *de;
	DIR *d;
	int p;

	for (p = 0; places[p]; p++) {
		if (path_fmt(path, BOOT_PATH_MAX, "%s%s/EFI/Linux", root, places[p]) < 0 || !(d = opendir(path)))
			continue;
		while ((de = readdir(d)) && n < BLS_MAX_ENTRIES) {
			size_t len = strlen(de->d_name);
			char file[sizeof(path) + 300];

			if (len < 5 || strcasecmp(de->d_name + len - 4, ".efi") != 0 || de->d_name[0] == '.')
				continue;
			snprintf(file, sizeof(file), "%s/%s", path, de->d_name);
			if (uki_entry(file, de->d_name, &v[n], &texts[n]) == 0)
				v[n++].place = p;
		}
		closedir(d);
	}
	return n;
}

/* Entry paths are relative to the partition holding loader/ ($BOOT); some
 * distributions with /boot on the root file system write "/boot/vmlinuz-..."
 * instead: take the path from the root when only that exists. */
static int entry_path(const char *root, const char *dir, const char *rel, char *out, size_t sz)
{
	int r = found(out, sz, "%s%s", dir, rel);

	if (r)
		return r < 0 ? -1 : 0;
	r = found(out, sz, "%s%s", root, rel);
	if (r)
		return r < 0 ? -1 : 0;
	return path_fmt(out, sz, "%s%s", dir, rel);
}

/* The picked entry's files and options into c. */
static int take_entry(const char *root, const char *dir, const struct bls_entry *e, struct boot_choice *c)
{
	int i;

	if (e->type2) {
		snprintf(c->source, sizeof(c->source), "boot loader entry %s (unified kernel image%s%s)", e->id,
			 e->version ? ", version " : "", e->version ? e->version : "");
		return path_fmt(c->kernel, sizeof(c->kernel), "%s%s/EFI/Linux/%s", root, places[e->place], e->file);
	}
	if (entry_path(root, dir, e->linux_path, c->kernel, sizeof(c->kernel)) < 0)
		return -1;
	for (i = 0; i < e->n_initrd && i < BOOT_MAX_INITRDS; i++)
		if (entry_path(root, dir, e->initrd[i], c->initrd[i], sizeof(c->initrd[i])) < 0)
			return -1;
	c->n_initrd = i;
	snprintf(c->options, sizeof(c->options), "%s", e->options);
	c->has_options = 1;
	snprintf(c->source, sizeof(c->source), "boot loader entry %s", e->id);
	return 0;
}

/* Every type #1 entry of the first place that has some, then every UKI,
 * in menu order; dir: where the type #1 entries and loader.conf are. */
static int load_all(const char *root, struct bls_entry *v, char **texts, char *dir, size_t sz)
{
	char conf[BOOT_PATH_MAX + 32];
	int n = 0, p;

	dir[0] = '\0';
	for (p = 0; places[p] && n == 0; p++)
		if (path_fmt(dir, sz, "%s%s", root, places[p]) == 0)
			n = load_entries(dir, v, texts, 0);
	for (p = 0; n == 0 && places[p]; p++) /* no type #1 entries: loader.conf's place */
		if (path_fmt(dir, sz, "%s%s", root, places[p]) == 0 &&
		    snprintf(conf, sizeof(conf), "%s/loader/loader.conf", dir) > 0 && exists(conf))
			break;
	n = load_type2(root, v, texts, n);
	qsort(v, (size_t)n, sizeof(*v), by_menu_order);
	return n;
}

static void free_texts(char **texts, int n)
{
	while (n > 0)
		free(texts[--n]);
}

int boot_find_bls_default(const char *root, struct boot_choice *c)
{
	struct bls_entry *v = malloc(BLS_MAX_ENTRIES * sizeof(*v));
	char *texts[BLS_MAX_ENTRIES], dir[BOOT_PATH_MAX], conf[BOOT_PATH_MAX + 32], *conf_text = NULL;
	int n, pick, r;
	size_t len;

	memset(c, 0, sizeof(*c));
	if (!v)
		return -1;
	n = load_all(root, v, texts, dir, sizeof(dir));
	if (n == 0) {
		free(v);
		errno = ENOENT;
		return -1;
	}
	snprintf(conf, sizeof(conf), "%s/loader/loader.conf", dir);
	pick = bls_pick_default(v, n, read_file(conf, 1 << 16, &conf_text, &len) == 0 ?
					      loader_conf_default(conf_text) : NULL);
	r = take_entry(root, dir, &v[pick], c);
	free_texts(texts, n);
	free(conf_text);
	free(v);
	return r;
}

/* A UKI's kernel release for --newest: .uname, else its os-release version. */
static const char *uki_release(const struct bls_entry *e)
{
	return e->uname ? e->uname : e->version ? e->version : "";
}

int boot_newest_uki(const char *root, const char *than, struct boot_choice *c)
{
	struct bls_entry *v = malloc(BLS_MAX_ENTRIES * sizeof(*v));
	char *texts[BLS_MAX_ENTRIES];
	int n, i, best = -1, r = 0;

	if (!v)
		return -1;
	n = load_type2(root, v, texts, 0);
	for (i = 0; i < n; i++)
		if (version_compare(uki_release(&v[i]), best < 0 ? than : uki_release(&v[best])) > 0)
			best = i;
	if (best >= 0) {
		memset(c, 0, sizeof(*c));
		r = take_entry(root, "", &v[best], c) == 0 ? 1 : -1;
		snprintf(c->source, sizeof(c->source), "newest installed: unified kernel image %s", v[best].file);
	}
	free_texts(texts, n);
	free(v);
	return r;
}
