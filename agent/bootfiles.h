/* bootfiles.h - find the kernel and initrd to stage, under a root directory. */
#ifndef PITSTOP_BOOTFILES_H
#define PITSTOP_BOOTFILES_H

#include <stddef.h>

#define BOOT_PATH_MAX 512
#define BOOT_MAX_INITRDS 8

struct boot_choice {
	char kernel[BOOT_PATH_MAX];
	char initrd[BOOT_MAX_INITRDS][BOOT_PATH_MAX]; /* in load order */
	int n_initrd;                 /* 0 when none was found (initrd[0] is "") */
	char options[4096];           /* from a BLS entry; "" otherwise */
	int has_options;
	char source[400];             /* how it was chosen, for messages */
};

/* The running release's files: root/boot/vmlinuz-REL (or
 * root/usr/lib/modules/REL/vmlinuz) with root/boot/initrd.img-REL,
 * root/boot/initramfs-REL.img, ... or root/usr/lib/modules/REL/initrd, else the
 * root/vmlinuz and root/initrd.img links. Returns 0 or -1 (errno ENOENT,
 * or ENAMETOOLONG when a path does not fit BOOT_PATH_MAX: never truncated). */
int boot_find_release(const char *root, const char *release, struct boot_choice *c);

/* The highest version root/boot/vmlinuz-* and its initrd, or a unified
 * kernel image (EFI/Linux/ *.efi) whose .uname is higher still. */
int boot_find_newest(const char *root, struct boot_choice *c);

/* The BLS default entry from root/boot/loader or root/efi/loader, with
 * all its initrd lines (up to BOOT_MAX_INITRDS); unified kernel images in
 * EFI/Linux (type #2) join the type #1 entries, sorted as systemd-boot does. */
int boot_find_bls_default(const char *root, struct boot_choice *c);

/* The UKI in root/{boot,efi,boot/efi}/EFI/Linux with the highest .uname
 * (else os-release version) above than: 1 (into c), 0 none, -1 error. */
int boot_newest_uki(const char *root, const char *than, struct boot_choice *c);

struct pe_info;
struct pe_section;
/* The PE headers of the file at fd: pe_parse's result. */
int pe_read(int fd, struct pe_info *pe);
/* Section s of fd (at most max bytes) into buf (max + 1 bytes), NUL-terminated;
 * 0, or -1 when s is NULL, larger than max or unreadable. */
int pe_read_section(int fd, const struct pe_section *s, size_t max, char *buf);

#endif
