/* cmdline.h - the next kernel's command line (pure). */
#ifndef PITSTOP_CMDLINE_H
#define PITSTOP_CMDLINE_H

#include <stddef.h>

/* Largest command line kexec_file_load takes, counting the NUL. x86_64:
 * the boot protocol's cmdline_size (2047) minus the 30 bytes the kernel
 * reserves; others: COMMAND_LINE_SIZE. */
#if defined(__x86_64__) || defined(__i386__)
#define KEXEC_CMDLINE_MAX 2017
#else
#define KEXEC_CMDLINE_MAX 2048
/* The value of the last key=VALUE word of a kernel command line (quotes
 * around VALUE dropped) into out. 1 found, 0 not there, -1 too long. */
int cmdline_value(const char *cmdline, const char *key, char *out, size_t outsz);

#endif

#define CMDLINE_TOO_LONG (-2)
#define CMDLINE_BAD_QUOTES (-3)

/* Builds the next command line into out: the words of base (usually
 * /proc/cmdline) without boot-loader and kexec leftovers (BOOT_IMAGE=,
 * initrd=, kexec_jump_back_entry=), then the words of append: a
 * key=value word replaces the base's words with that key (the last one
 * wins; several appended console= all stay), a plain flag already there
 * is not added twice. Quoted words (opt="a b") stay whole. Returns the length without the NUL, or
 * CMDLINE_TOO_LONG when it does not fit max bytes with its NUL, or
 * CMDLINE_BAD_QUOTES for an unbalanced quote. */
int cmdline_build(const char *base, const char *append, char *out, size_t max);

/* Is word (up to its end) one that cmdline_build drops? */
int cmdline_word_dropped(const char *word, size_t len);

/* The value of the last key=VALUE word of a kernel command line (quotes
 * around VALUE dropped) into out. 1 found, 0 not there, -1 too long. */
int cmdline_value(const char *cmdline, const char *key, char *out, size_t outsz);

#endif
