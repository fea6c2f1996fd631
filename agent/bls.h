/* bls.h - Boot Loader Specification type #1 entries (pure). */
#ifndef PITSTOP_BLS_H
#define PITSTOP_BLS_H

#include <stddef.h>

#define BLS_MAX_INITRDS 8
#define BLS_OPTIONS_MAX 4096

struct bls_entry {
	char id[256];          /* file name without ".conf"; type #2: the .efi file name, lower case */
	char file[256];        /* type #2: the file name as it is */
	int type2;             /* a unified kernel image in EFI/Linux (BLS type #2) */
	int place;             /* type #2: which of the searched directories holds it */
	const char *title, *version, *machine_id, *sort_key, *linux_path, *devicetree;
	const char *uname;     /* type #2: its .uname (kernel release), or NULL */
	const char *initrd[BLS_MAX_INITRDS];
	int n_initrd;
	char options[BLS_OPTIONS_MAX]; /* all "options" lines, space-joined */
};

/* Parses text (modified in place; the entry points into it). file_name
 * is the entry's file name ("x.conf"). Returns 0, -1 without a "linux"
 * line (or an "efi"-only entry), -2 when options overflow. */
int bls_parse(const char *file_name, char *text, struct bls_entry *e);

/* A type #2 entry from a UKI's file name, .osrel text (modified in place)
 * and .uname (or NULL), named, versioned and keyed as systemd-boot does.
 * 0, or -1 when the os-release names nothing (systemd-boot skips it). */
int bls_type2(const char *file_name, char *osrel, const char *uname, struct bls_entry *e);

/* Version comparison in the spirit of strverscmp: digit runs compare as
 * numbers, '~' sorts first. <0, 0, >0 like strcmp. */
int version_compare(const char *a, const char *b);

/* The boot menu order: entries with sort-key first (by sort-key, then
 * machine-id, then newest version), then the rest newest id first. */
int bls_compare(const struct bls_entry *a, const struct bls_entry *b);

/* The "default" pattern of loader.conf text (modified in place), or NULL. */
const char *loader_conf_default(char *text);

/* Index of the default among n sorted entries: the first whose id (with
 * or without ".conf") matches pattern, else 0. -1 when n is 0. */
int bls_pick_default(const struct bls_entry *sorted, int n, const char *pattern);

#endif
