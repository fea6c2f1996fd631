/* bootfiles.c - which kernel image and initrd belong together. */
#include "bootfiles.h"
#include "bls.h"
#include "fileio.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int exists(const char *p)
{
	return access(p, R_OK) == 0;
}

static void find_initrd(const char *root, const char *release, struct boot_choice *c)
{
	static const char *const forms[] = { "%s/boot/initrd.img-%s", "%s/boot/initramfs-%s.img",
					     "%s/boot/initrd-%s", "%s/boot/initramfs-%s", NULL };
	int i;

	for (i = 0; forms[i]; i++) {
		snprintf(c->initrd, sizeof(c->initrd), forms[i], root, release);
		if (exists(c->initrd))
			return;
	}
	c->initrd[0] = '\0';
}

int boot_find_release(const char *root, const char *release, struct boot_choice *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->kernel, sizeof(c->kernel), "%s/boot/vmlinuz-%s", root, release);
	if (exists(c->kernel)) {
		find_initrd(root, release, c);
		snprintf(c->source, sizeof(c->source), "running release %s", release);
		return 0;
	}
	snprintf(c->kernel, sizeof(c->kernel), "%s/vmlinuz", root);
	if (exists(c->kernel)) {
		snprintf(c->initrd, sizeof(c->initrd), "%s/initrd.img", root);
		if (!exists(c->initrd))
			c->initrd[0] = '\0';
		snprintf(c->source, sizeof(c->source), "the /vmlinuz link (no image for %s)", release);
		return 0;
	}
	errno = ENOENT;
	return -1;
}

int boot_find_newest(const char *root, struct boot_choice *c)
{
	char dir[BOOT_PATH_MAX], best[256] = "";
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/boot", root);
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
	if (!best[0]) {
		errno = ENOENT;
		return -1;
	}
	if (boot_find_release(root, best, c) < 0)
		return -1;
	snprintf(c->source, sizeof(c->source), "newest installed %s", best);
	return 0;
}

#define BLS_MAX_ENTRIES 64

static int by_menu_order(const void *a, const void *b)
{
	return bls_compare(a, b);
}

/* Loads the entries of dir/loader/entries; returns how many, texts kept in texts[]. */
static int load_entries(const char *dir, struct bls_entry *v, char **texts)
{
	char path[BOOT_PATH_MAX + 16];
	struct dirent *de;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "%s/loader/entries", dir);
	d = opendir(path);
	if (!d)
		return 0;
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

/* Entry paths are relative to the partition holding loader/ ($BOOT); some
 * distributions with /boot on the root file system write "/boot/vmlinuz-..."
 * instead: take the path from the root when only that exists. */
static void entry_path(const char *root, const char *dir, const char *rel, char *out, size_t sz)
{
	snprintf(out, sz, "%s%s", dir, rel);
	if (exists(out))
		return;
	snprintf(out, sz, "%s%s", root, rel);
	if (!exists(out))
		snprintf(out, sz, "%s%s", dir, rel);
}

int boot_find_bls_default(const char *root, struct boot_choice *c)
{
	static const char *const places[] = { "/boot", "/efi", "/boot/efi", NULL };
	struct bls_entry *v = malloc(BLS_MAX_ENTRIES * sizeof(*v));
	char *texts[BLS_MAX_ENTRIES], dir[BOOT_PATH_MAX], conf[BOOT_PATH_MAX + 32], *conf_text = NULL;
	int i, n = 0, pick, p;
	size_t len;

	memset(c, 0, sizeof(*c));
	if (!v)
		return -1;
	for (p = 0; places[p] && n == 0; p++) {
		snprintf(dir, sizeof(dir), "%s%s", root, places[p]);
		n = load_entries(dir, v, texts);
	}
	if (n == 0) {
		free(v);
		errno = ENOENT;
		return -1;
	}
	qsort(v, (size_t)n, sizeof(*v), by_menu_order);
	snprintf(conf, sizeof(conf), "%s/loader/loader.conf", dir);
	pick = bls_pick_default(v, n, read_file(conf, 1 << 16, &conf_text, &len) == 0 ?
					      loader_conf_default(conf_text) : NULL);
	entry_path(root, dir, v[pick].linux_path, c->kernel, sizeof(c->kernel));
	if (v[pick].n_initrd > 0)
		entry_path(root, dir, v[pick].initrd[0], c->initrd, sizeof(c->initrd));
	snprintf(c->options, sizeof(c->options), "%s", v[pick].options);
	c->has_options = 1;
	snprintf(c->source, sizeof(c->source), "boot loader entry %s%s%s", v[pick].id,
		 v[pick].n_initrd > 1 ? " (only its first initrd is used)" : "", "");
	for (i = 0; i < n; i++)
		free(texts[i]);
	free(conf_text);
	free(v);
	return 0;
}
