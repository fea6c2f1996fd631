/* dtb.c - flattened device tree: validate a blob, rewrite /chosen.
 * The format: devicetree-specification, chapter 5 (header, memory
 * reservation block, structure block of tokens, strings block). */
#include "dtb.h"

#include <stdlib.h>
#include <string.h>

enum { T_BEGIN_NODE = 1, T_END_NODE = 2, T_PROP = 3, T_NOP = 4, T_END = 9 };

struct fdt {
	const unsigned char *b;
	uint32_t total, version, rsv_off, rsv_len, st_off, st_len, str_off, str_len;
};

/* One token of the structure block; offsets are relative to it. */
struct tok {
	uint32_t type, off, next;
	const char *name; /* a node's name, a property's name */
	uint32_t name_len, nameoff;
	const unsigned char *data; /* a property's value */
	uint32_t len;
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint64_t align4(uint64_t v)
{
	return (v + 3) & ~(uint64_t)3;
}

const char *dtb_strerror(int err)
{
	switch (err) {
	case DTB_SHORT:
		return "shorter than its header says (truncated)";
	case DTB_BAD_MAGIC:
		return "not a device tree blob (no 0xd00dfeed magic)";
	case DTB_BAD_VERSION:
		return "a device tree version older than 16 or newer than 17";
	case DTB_BAD_LAYOUT:
		return "its header points outside the blob or at misaligned blocks";
	case DTB_BAD_STRUCT:
		return "its structure block is malformed";
	case DTB_BAD_STRING:
		return "a property name lies outside its strings block";
	case DTB_NO_MEMORY:
		return "no memory";
	case DTB_TOO_BIG:
		return "the result would be too big";
	default:
		return "unknown error";
	}
}

/* The reservation map: 16-byte (address, size) pairs ending with (0, 0). */
static int rsvmap(struct fdt *f)
{
	uint64_t o;

	if (f->rsv_off % 8)
		return DTB_BAD_LAYOUT;
	for (o = f->rsv_off; o + 16 <= f->total; o += 16) {
		const unsigned char *e = f->b + o;

		if (!be32(e) && !be32(e + 4) && !be32(e + 8) && !be32(e + 12)) {
			f->rsv_len = (uint32_t)(o + 16 - f->rsv_off);
			return 0;
		}
	}
	return DTB_BAD_LAYOUT;
}

static int header(const unsigned char *b, size_t len, struct fdt *f)
{
	uint32_t hdr;

	memset(f, 0, sizeof(*f));
	f->b = b;
	if (len < 4)
		return DTB_SHORT;
	if (be32(b) != DTB_MAGIC)
		return DTB_BAD_MAGIC;
	if (len < 36)
		return DTB_SHORT;
	f->version = be32(b + 20);
	if (f->version < 16 || be32(b + 24) > 17)
		return DTB_BAD_VERSION;
	hdr = f->version >= 17 ? 40 : 36;
	f->total = be32(b + 4);
	if (len < hdr || f->total > len)
		return DTB_SHORT;
	f->st_off = be32(b + 8);
	f->str_off = be32(b + 12);
	f->rsv_off = be32(b + 16);
	f->str_len = be32(b + 32);
	if (f->total < hdr || f->st_off < hdr || f->st_off > f->total || f->st_off % 4 || f->str_off < hdr ||
	    f->rsv_off < hdr)
		return DTB_BAD_LAYOUT;
	f->st_len = f->version >= 17 ? be32(b + 36) : f->total - f->st_off;
	if ((uint64_t)f->st_off + f->st_len > f->total || (uint64_t)f->str_off + f->str_len > f->total)
		return DTB_BAD_LAYOUT;
	return rsvmap(f);
}

/* A property's name: nameoff must start a NUL-terminated string in the strings block. */
static int prop_name(const struct fdt *f, struct tok *t)
{
	const char *s = (const char *)f->b + f->str_off, *nul;

	if (t->nameoff >= f->str_len)
		return DTB_BAD_STRING;
	nul = memchr(s + t->nameoff, 0, f->str_len - t->nameoff);
	if (!nul)
		return DTB_BAD_STRING;
	t->name = s + t->nameoff;
	t->name_len = (uint32_t)(nul - t->name);
	return 0;
}

/* The token at off; 0, or an error when it does not fit the block. */
static int token(const struct fdt *f, uint32_t off, struct tok *t)
{
	const unsigned char *s = f->b + f->st_off;
	uint64_t p = (uint64_t)off + 4, next = p;
	const char *nul;

	memset(t, 0, sizeof(*t));
	if (off % 4 || p > f->st_len)
		return DTB_BAD_STRUCT;
	t->off = off;
	t->type = be32(s + off);
	if (t->type == T_BEGIN_NODE) {
		nul = memchr(s + p, 0, f->st_len - p);
		if (!nul)
			return DTB_BAD_STRUCT;
		t->name = (const char *)s + p;
		t->name_len = (uint32_t)(nul - t->name);
		next = align4(p + t->name_len + 1);
	} else if (t->type == T_PROP) {
		if (p + 8 > f->st_len)
			return DTB_BAD_STRUCT;
		t->len = be32(s + p);
		t->nameoff = be32(s + p + 4);
		t->data = s + p + 8;
		next = align4(p + 8 + (uint64_t)t->len);
		if (p + 8 + (uint64_t)t->len > f->st_len || prop_name(f, t) < 0)
			return p + 8 + (uint64_t)t->len > f->st_len ? DTB_BAD_STRUCT : DTB_BAD_STRING;
	} else if (t->type != T_END_NODE && t->type != T_NOP && t->type != T_END) {
		return DTB_BAD_STRUCT;
	}
	if (next > f->st_len && t->type != T_END)
		return DTB_BAD_STRUCT;
	t->next = (uint32_t)next;
	return 0;
}

/* The whole token stream: one root node, balanced, properties inside nodes, then FDT_END. */
static int walk_check(const struct fdt *f)
{
	uint32_t off = 0;
	int depth = 0, roots = 0, r;
	struct tok t;

	for (;;) {
		if ((r = token(f, off, &t)) < 0)
			return r;
		if (t.type == T_BEGIN_NODE) {
			if (depth == 0 && roots++)
				return DTB_BAD_STRUCT;
			depth++;
		} else if (t.type == T_END_NODE) {
			if (depth-- == 0)
				return DTB_BAD_STRUCT;
		} else if (t.type == T_PROP && depth == 0) {
			return DTB_BAD_STRUCT;
		} else if (t.type == T_END) {
			return roots && depth == 0 ? 0 : DTB_BAD_STRUCT;
		}
		off = t.next;
	}
}

static int parse(const void *blob, size_t len, struct fdt *f)
{
	int r = header(blob, len, f);

	return r < 0 ? r : walk_check(f);
}

int dtb_check(const void *blob, size_t len)
{
	struct fdt f;

	return parse(blob, len, &f);
}

static int is(const char *s, uint32_t len, const char *word)
{
	return strlen(word) == len && memcmp(s, word, len) == 0;
}

/* "/chosen" as libfdt (and so the kernel) finds it: "chosen", or "chosen@" and a unit address. */
static int is_chosen(const struct tok *t)
{
	return t->name_len >= 6 && memcmp(t->name, "chosen", 6) == 0 && (t->name_len == 6 || t->name[6] == '@');
}

int dtb_chosen_prop(const void *blob, size_t len, const char *name, const unsigned char **val, uint32_t *val_len)
{
	struct fdt f;
	struct tok t;
	uint32_t off = 0;
	int r = parse(blob, len, &f), depth = 0, in_chosen = 0, seen = 0;

	for (; r == 0; off = t.next) {
		token(&f, off, &t);
		if (t.type == T_BEGIN_NODE && ++depth == 2)
			seen |= in_chosen = !seen && is_chosen(&t);
		else if (t.type == T_END_NODE && --depth < 2)
			in_chosen = 0;
		else if (t.type == T_PROP && in_chosen && depth == 2 && is(t.name, t.name_len, name)) {
			*val = t.data;
			*val_len = t.len;
			return 0;
		} else if (t.type == T_END)
			return 1;
	}
	return r;
}

/* --- rewriting /chosen ------------------------------------------------------ */

enum { N_BOOTARGS, N_INITRD_START, N_INITRD_END, N_KASLR, N_RNG, N_COUNT };
static const char *const added_names[N_COUNT] = {
	"bootargs", "linux,initrd-start", "linux,initrd-end", "kaslr-seed", "rng-seed",
};

/* The name offsets of the properties we add: in the old strings block, or appended to it. */
struct names {
	uint32_t off[N_COUNT];
	char extra[96];
	uint32_t extra_len;
};

/* The output, sized ahead; a write past cap is refused (and cannot happen). */
struct out {
	unsigned char *b;
	size_t pos, cap;
	int overflow;
};

static void put_raw(struct out *o, const void *p, size_t n)
{
	if (o->pos + n > o->cap) {
		o->overflow = 1;
		return;
	}
	if (n)
		memcpy(o->b + o->pos, p, n);
	o->pos += n;
}

/* n bytes, then zeros up to a multiple of 4. */
static void put(struct out *o, const void *p, size_t n)
{
	static const unsigned char zero[3];

	put_raw(o, p, n);
	put_raw(o, zero, (size_t)align4(n) - n);
}

static void put_word(struct out *o, uint32_t v)
{
	unsigned char w[4];

	put_be32(w, v);
	put_raw(o, w, 4);
}

static void put_prop(struct out *o, uint32_t nameoff, const void *data, size_t len)
{
	put_word(o, T_PROP);
	put_word(o, (uint32_t)len);
	put_word(o, nameoff);
	put(o, data, len);
}

static void put_u64_prop(struct out *o, uint32_t nameoff, uint64_t v)
{
	unsigned char b[8];

	put_be32(b, (uint32_t)(v >> 32));
	put_be32(b + 4, (uint32_t)v);
	put_prop(o, nameoff, b, 8);
}

static int has_seed(const struct dtb_chosen *c)
{
	return c->seed && c->seed_len >= 8;
}

/* Where name starts in the strings block (any NUL-terminated tail will do), or UINT32_MAX. */
static uint32_t find_string(const struct fdt *f, const char *name)
{
	const char *s = (const char *)f->b + f->str_off;
	size_t n = strlen(name) + 1;
	uint32_t i;

	for (i = 0; f->str_len >= n && i <= f->str_len - n; i++)
		if (memcmp(s + i, name, n) == 0)
			return i;
	return UINT32_MAX;
}

static void name_offsets(const struct fdt *f, const struct dtb_chosen *c, struct names *n)
{
	int i;

	memset(n, 0, sizeof(*n));
	for (i = 0; i < N_COUNT; i++) {
		size_t len = strlen(added_names[i]) + 1;

		if ((i == N_INITRD_START || i == N_INITRD_END) && !c->has_initrd)
			continue;
		if ((i == N_KASLR && !has_seed(c)) || (i == N_RNG && !(has_seed(c) && c->seed_len > 8)))
			continue;
		n->off[i] = find_string(f, added_names[i]);
		if (n->off[i] != UINT32_MAX)
			continue;
		n->off[i] = f->str_len + n->extra_len;
		memcpy(n->extra + n->extra_len, added_names[i], len);
		n->extra_len += (uint32_t)len;
	}
}

/* The properties of /chosen that go: ours (replaced) and a crash kernel's. */
static int dropped(const struct tok *t, const struct dtb_chosen *c)
{
	static const char *const gone[] = {
		"bootargs", "linux,initrd-start", "linux,initrd-end", "rng-seed",
		"linux,elfcorehdr", "linux,usable-memory-range",
	};
	size_t i;

	for (i = 0; i < sizeof(gone) / sizeof(gone[0]); i++)
		if (is(t->name, t->name_len, gone[i]))
			return 1;
	return has_seed(c) && is(t->name, t->name_len, "kaslr-seed");
}

static void put_chosen_props(struct out *o, const struct dtb_chosen *c, const struct names *n)
{
	const char *args = c->bootargs ? c->bootargs : "";

	put_prop(o, n->off[N_BOOTARGS], args, strlen(args) + 1);
	if (c->has_initrd) {
		put_u64_prop(o, n->off[N_INITRD_START], c->initrd_start);
		put_u64_prop(o, n->off[N_INITRD_END], c->initrd_end);
	}
	if (has_seed(c))
		put_prop(o, n->off[N_KASLR], c->seed, 8);
	if (has_seed(c) && c->seed_len > 8)
		put_prop(o, n->off[N_RNG], c->seed + 8, c->seed_len - 8);
}

/* Copies the structure block of a checked blob into o, NOPs and the dropped
 * properties left out, ours put after /chosen's last property (a node's
 * properties come before its subnodes), /chosen made before the root ends
 * when there is none. */
static void edit_walk(const struct fdt *f, const struct dtb_chosen *c, const struct names *n, struct out *o)
{
	static const unsigned char chosen_node[12] = { 0, 0, 0, T_BEGIN_NODE, 'c', 'h', 'o', 's', 'e', 'n', 0, 0 };
	int depth = 0, in_chosen = 0, done = 0;
	uint32_t off;
	struct tok t;

	for (off = 0; token(f, off, &t) == 0; off = t.next) {
		if (t.type == T_NOP)
			continue;
		if (in_chosen && depth == 2 && !done && (t.type == T_BEGIN_NODE || t.type == T_END_NODE)) {
			put_chosen_props(o, c, n);
			done = 1;
		}
		if (t.type == T_END_NODE && depth == 1 && !done) {
			put_raw(o, chosen_node, sizeof(chosen_node));
			put_chosen_props(o, c, n);
			put_word(o, T_END_NODE);
			done = 1;
		}
		if (t.type == T_PROP && in_chosen && depth == 2 && dropped(&t, c))
			continue;
		put_raw(o, f->b + f->st_off + t.off, t.next - t.off);
		if (t.type == T_BEGIN_NODE && ++depth == 2)
			in_chosen = !done && is_chosen(&t);
		else if (t.type == T_END_NODE && --depth < 2)
			in_chosen = 0;
		else if (t.type == T_END)
			return;
	}
}

static void put_header(unsigned char *h, const struct fdt *f, uint32_t total, uint32_t st_off, uint32_t st_len,
		       uint32_t str_len)
{
	put_be32(h, DTB_MAGIC);
	put_be32(h + 4, total);
	put_be32(h + 8, st_off);
	put_be32(h + 12, st_off + st_len);
	put_be32(h + 16, 40);
	put_be32(h + 20, 17);
	put_be32(h + 24, 16);
	put_be32(h + 28, be32(f->b + 28));
	put_be32(h + 32, str_len);
	put_be32(h + 36, st_len);
}

int dtb_edit_chosen(const void *blob, size_t len, const struct dtb_chosen *c, unsigned char **out, size_t *out_len)
{
	const char *args = c->bootargs ? c->bootargs : "";
	struct out o = { 0 };
	struct names n;
	struct fdt f;
	uint64_t cap, st_off;
	int r = parse(blob, len, &f);

	*out = NULL;
	*out_len = 0;
	if (r < 0)
		return r;
	if (strlen(args) > (1u << 24) || (c->seed && c->seed_len > (1u << 24)))
		return DTB_TOO_BIG;
	name_offsets(&f, c, &n);
	/* header, map, old blocks, new names, a /chosen node, five properties */
	cap = 40 + (uint64_t)f.rsv_len + f.st_len + f.str_len + n.extra_len + 16 + 5 * 12 + align4(strlen(args) + 1) +
	      3 * 8 + (c->seed ? align4(c->seed_len) : 0);
	if (cap > UINT32_MAX)
		return DTB_TOO_BIG;
	if (!(o.b = malloc((size_t)cap)))
		return DTB_NO_MEMORY;
	o.cap = (size_t)cap;
	o.pos = 40;
	put_raw(&o, f.b + f.rsv_off, f.rsv_len);
	st_off = o.pos;
	edit_walk(&f, c, &n, &o);
	put_header(o.b, &f, (uint32_t)(o.pos + f.str_len + n.extra_len), (uint32_t)st_off, (uint32_t)(o.pos - st_off),
		   f.str_len + n.extra_len);
	put_raw(&o, f.b + f.str_off, f.str_len);
	put_raw(&o, n.extra, n.extra_len);
	if (o.overflow) {
		free(o.b);
		return DTB_TOO_BIG;
	}
	*out = o.b;
	*out_len = o.pos;
	return 0;
}
