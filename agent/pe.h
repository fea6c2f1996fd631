/* pe.h - PE/COFF section tables (unified kernel images) and os-release
 * text (a UKI's .osrel), pure: no system calls. */
#ifndef PITSTOP_PE_H
#define PITSTOP_PE_H

#include <stddef.h>
#include <stdint.h>

/* The most of a file's start pe_parse needs: DOS header, PE headers and a
 * section table of up to PE_MAX_SECTIONS entries must lie within it. */
#define PE_HEADER_BYTES 8192
#define PE_MAX_SECTIONS 96

struct pe_section {
	char name[9];    /* the 8-byte name, NUL-terminated here */
	uint32_t offset; /* in the file (PointerToRawData) */
	uint32_t size;   /* VirtualSize, never more than SizeOfRawData */
};

struct pe_info {
	int n;          /* sections */
	int is_signed;  /* a certificate table (Authenticode) is present */
	struct pe_section s[PE_MAX_SECTIONS];
};

#define PE_NOT_PE (-1)    /* no "MZ" ... "PE\0\0" */
#define PE_MALFORMED (-2) /* headers or a section outside the file, too many sections */

/* Parses the first len bytes of a file of file_size bytes. 0, PE_NOT_PE or
 * PE_MALFORMED. Every section kept lies within file_size. */
int pe_parse(const unsigned char *hdr, size_t len, uint64_t file_size, struct pe_info *pe);

/* The first section called name (".linux", ...), or NULL. */
const struct pe_section *pe_find(const struct pe_info *pe, const char *name);

/* os-release fields (pointers into the parsed text, or NULL). */
struct osrel {
	const char *id, *name, *pretty_name, *image_id, *image_version, *version, *version_id, *build_id;
};

/* Parses os-release text in place: KEY=value lines, values unquoted
 * ('...' or "..." with \-escapes), comments and bad lines skipped. */
void osrel_parse(char *text, struct osrel *o);

/* What systemd-boot makes of a type #2 entry's os-release:
 * title PRETTY_NAME > IMAGE_ID > NAME > ID (NULL: not an entry),
 * version IMAGE_VERSION > VERSION > VERSION_ID > BUILD_ID,
 * sort key IMAGE_ID > ID. */
const char *osrel_title(const struct osrel *o);
const char *osrel_version(const struct osrel *o);
const char *osrel_sort_key(const struct osrel *o);

#endif
