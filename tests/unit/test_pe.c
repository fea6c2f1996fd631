/* test_pe.c - PE/COFF section tables and os-release text (UKIs). */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "bls.h"
#include "pe.h"

static unsigned char f[PE_HEADER_BYTES];
static struct pe_info pe;

static void put16(size_t off, unsigned v)
{
	f[off] = (unsigned char)v;
	f[off + 1] = (unsigned char)(v >> 8);
}

static void put32(size_t off, uint32_t v)
{
	put16(off, v & 0xffff);
	put16(off + 2, v >> 16);
}

/* MZ at 0, PE at 0x40, a PE32+ optional header of 240 bytes, n sections at
 * 0x158, the data of section i at 0x1000 * (i + 1), 0x100 bytes. */
#define TABLE (0x40 + 4 + 20 + 240)
static void build(int n, const char *const *names)
{
	int i;

	memset(f, 0, sizeof(f));
	memcpy(f, "MZ", 2);
	put32(0x3c, 0x40);
	memcpy(f + 0x40, "PE\0\0", 4);
	put16(0x44, 0x8664);
	put16(0x46, (unsigned)n);
	put16(0x54, 240);
	put16(0x58, 0x20b);
	put32(0x58 + 108, 16);
	for (i = 0; i < n; i++) {
		size_t s = TABLE + (size_t)i * 40;

		memcpy(f + s, names[i], strlen(names[i]) < 8 ? strlen(names[i]) : 8);
		put32(s + 8, 0x100);
		put32(s + 16, 0x200);
		put32(s + 20, 0x1000 * (uint32_t)(i + 1));
	}
}

static const char *const uki[] = { ".osrel", ".cmdline", ".linux", ".initrd", ".sbat" };

static void test_sections(void **state)
{
	const struct pe_section *s;

	build(5, uki);
	assert_int_equal(pe_parse(f, sizeof(f), 0x10000, &pe), 0);
	assert_int_equal(pe.n, 5);
	assert_false(pe.is_signed);
	s = pe_find(&pe, ".linux");
	assert_non_null(s);
	assert_int_equal(s->offset, 0x3000);
	assert_int_equal(s->size, 0x100); /* VirtualSize, not the rounded SizeOfRawData */
	assert_null(pe_find(&pe, ".ucode"));
	assert_null(pe_find(&pe, ".linu"));
	/* a header shorter than the table: malformed; a file that ends inside a section too */
	assert_int_equal(pe_parse(f, TABLE + 5 * 40 - 1, 0x10000, &pe), PE_MALFORMED);
	assert_int_equal(pe_parse(f, sizeof(f), 0x5000 + 0xff, &pe), PE_MALFORMED);
	assert_int_equal(pe_parse(f, sizeof(f), 0x5000 + 0x100, &pe), 0);
}

static void test_names_and_sizes(void **state)
{
	static const char *const names[] = { ".abcdefgh", ".linux" };

	build(2, names);
	/* an 8-byte name has no NUL: kept whole, never read past */
	assert_int_equal(pe_parse(f, sizeof(f), 0x10000, &pe), 0);
	assert_string_equal(pe.s[0].name, ".abcdefg");
	assert_non_null(pe_find(&pe, ".abcdefg"));
	/* VirtualSize 0 or above SizeOfRawData: SizeOfRawData */
	put32(TABLE + 40 + 8, 0);
	assert_int_equal(pe_parse(f, sizeof(f), 0x10000, &pe), 0);
	assert_int_equal(pe_find(&pe, ".linux")->size, 0x200);
	put32(TABLE + 40 + 8, 0x7fffffff);
	assert_int_equal(pe_parse(f, sizeof(f), 0x10000, &pe), 0);
	assert_int_equal(pe_find(&pe, ".linux")->size, 0x200);
	/* offset + size overflowing 32 bits: outside the file, not wrapped */
	put32(TABLE + 40 + 16, 0xffffffff);
	put32(TABLE + 40 + 20, 0xffffff00);
	assert_int_equal(pe_parse(f, sizeof(f), 0x10000, &pe), PE_MALFORMED);
}

static void test_not_pe(void **state)
{
	build(1, uki);
	assert_int_equal(pe_parse(f, 0x3f, 0x10000, &pe), PE_NOT_PE);
	f[0] = 'X';
	assert_int_equal(pe_parse(f, sizeof(f), 0x10000, &pe), PE_NOT_PE);
	build(1, uki);
	f[0x41] = 'X';
	assert_int_equal(pe_parse(f, sizeof(f), 0x10000, &pe), PE_NOT_PE);
	/* e_lfanew far out, or near 4 GiB: no overflow */
	build(1, uki);
	put32(0x3c, 0xfffffffe);
	assert_int_equal(pe_parse(f, sizeof(f), 0x10000, &pe), PE_NOT_PE);
	/* the PE signature there but the COFF header cut */
	build(1, uki);
	assert_int_equal(pe_parse(f, 0x50, 0x10000, &pe), PE_MALFORMED);
	/* a header longer than the file: only the file counts */
	assert_int_equal(pe_parse(f, sizeof(f), 0x50, &pe), PE_MALFORMED);
}

static void test_counts_and_signature(void **state)
{
	build(1, uki);
	put16(0x46, PE_MAX_SECTIONS + 1);
	assert_int_equal(pe_parse(f, sizeof(f), 1 << 20, &pe), PE_MALFORMED);
	put16(0x46, 0xffff);
	assert_int_equal(pe_parse(f, sizeof(f), 1 << 20, &pe), PE_MALFORMED);
	/* an optional header size that puts the table past the header */
	build(1, uki);
	put16(0x54, 0xffff);
	assert_int_equal(pe_parse(f, sizeof(f), 1 << 20, &pe), PE_MALFORMED);
	build(0, uki);
	assert_int_equal(pe_parse(f, sizeof(f), 1 << 20, &pe), 0);
	assert_int_equal(pe.n, 0);
	assert_null(pe_find(&pe, ".linux"));
	/* the certificate table: data directory 4 */
	build(1, uki);
	put32(0x58 + 112 + 32, 0x2000);
	put32(0x58 + 112 + 36, 0x400);
	assert_int_equal(pe_parse(f, sizeof(f), 1 << 20, &pe), 0);
	assert_true(pe.is_signed);
	put32(0x58 + 108, 4); /* only 4 data directories: none for certificates */
	assert_int_equal(pe_parse(f, sizeof(f), 1 << 20, &pe), 0);
	assert_false(pe.is_signed);
}

static void test_osrel(void **state)
{
	char t[] = "# comment\n"
		   "NAME=\"Debian GNU/Linux\"\n"
		   "  ID=debian\n"
		   "VERSION_ID='13'\n"
		   "PRETTY_NAME=\"Debian \\\"trixie\\\" 13\"  \n"
		   "BROKEN=\"unterminated\n"
		   "KEY WITH SPACE=x\n"
		   "=novalue\n"
		   "VERSION=\r\n"
		   "BUILD_ID=b1   \r\n";
	struct osrel o;

	osrel_parse(t, &o);
	assert_string_equal(o.name, "Debian GNU/Linux");
	assert_string_equal(o.id, "debian");
	assert_string_equal(o.version_id, "13");
	assert_string_equal(o.pretty_name, "Debian \"trixie\" 13");
	assert_string_equal(o.build_id, "b1");
	assert_null(o.version); /* empty */
	assert_null(o.image_id);
	assert_string_equal(osrel_title(&o), "Debian \"trixie\" 13");
	assert_string_equal(osrel_version(&o), "13");
	assert_string_equal(osrel_sort_key(&o), "debian");
}

static void test_osrel_precedence(void **state)
{
	char a[] = "ID=fedora\nIMAGE_ID=fedora-uki\nIMAGE_VERSION=40.1\nVERSION=\"40 (Forty)\"\nVERSION_ID=40\n";
	char b[] = "ID=x\n";
	char c[] = "VERSION_ID=1\n";
	struct osrel o;

	osrel_parse(a, &o);
	assert_string_equal(osrel_title(&o), "fedora-uki");
	assert_string_equal(osrel_version(&o), "40.1");
	assert_string_equal(osrel_sort_key(&o), "fedora-uki");
	osrel_parse(b, &o);
	assert_string_equal(osrel_title(&o), "x");
	assert_null(osrel_version(&o));
	osrel_parse(c, &o);
	assert_null(osrel_title(&o));
}

static void test_type2_entries(void **state)
{
	char o1[] = "ID=debian\nVERSION_ID=13\nPRETTY_NAME=\"Debian 13\"\n";
	char o2[] = "ID=debian\nVERSION_ID=13\n";
	char o3[] = "ID=debian\n";
	char o4[] = "VERSION_ID=13\n";
	char t1[] = "linux /vmlinuz-6.1\n";
	struct bls_entry v[4];

	assert_int_equal(bls_type2("Debian-6.12.9.EFI", o1, "6.12.9-amd64", &v[0]), 0);
	assert_string_equal(v[0].id, "debian-6.12.9.efi");
	assert_string_equal(v[0].file, "Debian-6.12.9.EFI");
	assert_string_equal(v[0].title, "Debian 13");
	assert_string_equal(v[0].version, "13");
	assert_string_equal(v[0].sort_key, "debian");
	assert_string_equal(v[0].uname, "6.12.9-amd64");
	assert_true(v[0].type2);
	assert_int_equal(bls_type2("debian-6.12.10.efi", o2, "", &v[1]), 0);
	assert_null(v[1].uname);
	/* no version in os-release: .uname stands in */
	assert_int_equal(bls_type2("debian-6.13.efi", o3, "6.13.1", &v[2]), 0);
	assert_string_equal(v[2].version, "6.13.1");
	/* nothing to call it: systemd-boot skips it */
	assert_int_equal(bls_type2("x.efi", o4, NULL, &v[3]), -1);
	/* same sort key and version: the newer file name first; a sort key beats none */
	assert_true(bls_compare(&v[1], &v[0]) < 0);
	assert_int_equal(bls_parse("a.conf", t1, &v[3]), 0);
	assert_false(v[3].type2);
	assert_true(bls_compare(&v[0], &v[3]) < 0);
	/* loader.conf default globs apply to type #2 ids */
	assert_int_equal(bls_pick_default(v, 3, "debian-6.12.10*"), 1);
	assert_int_equal(bls_pick_default(v, 3, "*.efi"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_names_and_sizes),
		cmocka_unit_test(test_not_pe),
		cmocka_unit_test(test_counts_and_signature),
		cmocka_unit_test(test_osrel),
		cmocka_unit_test(test_osrel_precedence),
		cmocka_unit_test(test_type2_entries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
