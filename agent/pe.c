/* pe.c - PE/COFF section tables and os-release text (see pe.h). */
#include "pe.h"

#include <string.h>

static uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return le16(p) | le16(p + 2) << 16;
}

/* Optional header: is the certificate table (data directory 4) there? */
static int has_signature(const unsigned char *opt, uint32_t opt_size)
{
	uint32_t magic, dd;

	if (opt_size < 2)
		return 0;
	magic = le16(opt);
	dd = magic == 0x20b ? 112 : magic == 0x10b ? 96 : 0;
	if (!dd || opt_size < dd + 5 * 8 || le32(opt + dd - 4) < 5)
		return 0;
	return le32(opt + dd + 4 * 8 + 4) != 0;
}

/* One 40-byte section header; -1 when its data lies outside the file. */
static int section(const unsigned char *p, uint64_t file_size, struct pe_section *s)
{
	uint32_t vsize = le32(p + 8), raw = le32(p + 16);

	memcpy(s->name, p, 8);
	s->name[8] = '\0';
	s->offset = le32(p + 20);
	s->size = vsize && vsize < raw ? vsize : raw;
	return (uint64_t)s->offset + s->size <= file_size ? 0 : -1;
}

int pe_parse(const unsigned char *h, size_t len, uint64_t file_size, struct pe_info *pe)
{
	uint64_t coff, table;
	uint32_t n, opt_size, i;

	memset(pe, 0, sizeof(*pe));
	if (len > file_size)
		len = (size_t)file_size;
	if (len < 0x40 || h[0] != 'M' || h[1] != 'Z')
		return PE_NOT_PE;
	coff = (uint64_t)le32(h + 0x3c) + 4;
	if (coff + 20 > len || memcmp(h + coff - 4, "PE\0\0", 4) != 0)
		return coff + 20 > len && coff - 4 < len ? PE_MALFORMED : PE_NOT_PE;
	n = le16(h + coff + 2);
	opt_size = le16(h + coff + 16);
	table = coff + 20 + opt_size;
	if (n > PE_MAX_SECTIONS || table + (uint64_t)n * 40 > len)
		return PE_MALFORMED;
	pe->is_signed = has_signature(h + coff + 20, opt_size);
	for (i = 0; i < n; i++)
		if (section(h + table + i * 40, file_size, &pe->s[i]) < 0)
			return PE_MALFORMED;
	pe->n = (int)n;
	return 0;
}

const struct pe_section *pe_find(const struct pe_info *pe, const char *name)
{
	int i;

	for (i = 0; i < pe->n; i++)
		if (strcmp(pe->s[i].name, name) == 0)
			return &pe->s[i];
	return NULL;
}

/* Unquotes the value at v in place; NULL for an unterminated quote. */
static char *unquote(char *v)
{
	char q = *v, *r, *w;

	if (q != '"' && q != '\'') {
		for (w = v + strlen(v); w > v && (w[-1] == ' ' || w[-1] == '\t' || w[-1] == '\r'); )
			*--w = '\0';
		return v;
	}
	for (r = w = v + 1; *r && *r != q; r++) {
		if (q == '"' && *r == '\\' && r[1])
			r++;
		*w++ = *r;
	}
	if (*r != q)
		return NULL;
	*w = '\0';
	return v + 1;
}

static void osrel_set(struct osrel *o, const char *k, const char *v)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{ "ID", offsetof(struct osrel, id) },
		{ "NAME", offsetof(struct osrel, name) },
		{ "PRETTY_NAME", offsetof(struct osrel, pretty_name) },
		{ "IMAGE_ID", offsetof(struct osrel, image_id) },
		{ "IMAGE_VERSION", offsetof(struct osrel, image_version) },
		{ "VERSION", offsetof(struct osrel, version) },
		{ "VERSION_ID", offsetof(struct osrel, version_id) },
		{ "BUILD_ID", offsetof(struct osrel, build_id) },
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(k, keys[i].key) == 0 && *v)
			*(const char **)((char *)o + keys[i].off) = v;
}

void osrel_parse(char *text, struct osrel *o)
{
	char *line, *next, *eq, *v;

	memset(o, 0, sizeof(*o));
	for (line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		eq = strchr(line, '=');
		if (*line == '#' || !eq || eq == line)
			continue;
		*eq = '\0';
		v = unquote(eq + 1);
		if (v && !strpbrk(line, " \t"))
			osrel_set(o, line, v);
	}
}

const char *osrel_title(const struct osrel *o)
{
	return o->pretty_name ? o->pretty_name : o->image_id ? o->image_id : o->name ? o->name : o->id;
}

const char *osrel_version(const struct osrel *o)
{
	return o->image_version ? o->image_version : o->version ? o->version :
	       o->version_id ? o->version_id : o->build_id;
}

const char *osrel_sort_key(const struct osrel *o)
{
	return o->image_id ? o->image_id : o->id;
}
