/* bootfiles.h - find the kernel and initrd to stage, under a root directory. */
#ifndef PITSTOP_BOOTFILES_H
#define PITSTOP_BOOTFILES_H

#include <stddef.h>

#define BOOT_PATH_MAX 512

struct boot_choice {
	char kernel[BOOT_PATH_MAX];
	char initrd[BOOT_PATH_MAX];   /* "" when none was found */
	char options[4096];           /* from a BLS entry; "" otherwise */
	int has_options;
	char source[400];             /* how it was chosen, for messages */
};

/* The running release's files: root/boot/vmlinuz-REL with
 * root/boot/initrd.img-REL or root/boot/initramfs-REL.img, else the
 * root/vmlinuz and root/initrd.img links. Returns 0 or -1 (errno ENOENT). */
int boot_find_release(const char *root, const char *release, struct boot_choice *c);

/* The highest version root/boot/vmlinuz-* and its initrd. */
int boot_find_newest(const char *root, struct boot_choice *c);

/* The BLS default entry from root/boot/loader or root/efi/loader. */
int boot_find_bls_default(const char *root, struct boot_choice *c);

#endif
