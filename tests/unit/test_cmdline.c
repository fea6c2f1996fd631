/* test_cmdline.c - the next kernel's command line. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

static char out[8192];

static const char *build(const char *base, const char *append)
{
	int r;

	memset(out, 'Q', sizeof(out));
	r = cmdline_build(base, append, out, KEXEC_CMDLINE_MAX);
	if (r < 0)
		return r == CMDLINE_TOO_LONG ? "<too long>" : "<bad quotes>";
	assert_int_equal((size_t)r, strlen(out));
	return out;
}

static void test_plain(void **state)
{
	assert_string_equal(build("root=/dev/sda1 ro quiet", NULL), "root=/dev/sda1 ro quiet");
	assert_string_equal(build("", NULL), "");
	assert_string_equal(build(NULL, NULL), "");
	assert_string_equal(build("   \t\n", NULL), "");
	/* /proc/cmdline ends with a newline; whitespace runs collapse */
	assert_string_equal(build("  root=/dev/sda1 \t ro\n", NULL), "root=/dev/sda1 ro");
	assert_string_equal(build("a\r\nb", NULL), "a b");
}

static void test_dropped_anywhere(void **state)
{
	assert_string_equal(build("BOOT_IMAGE=/vmlinuz-6.1 root=/dev/sda1 ro", NULL), "root=/dev/sda1 ro");
	assert_string_equal(build("root=/dev/sda1 BOOT_IMAGE=(hd0,gpt2)/vmlinuz ro", NULL), "root=/dev/sda1 ro");
	assert_string_equal(build("root=/dev/sda1 ro BOOT_IMAGE=/vmlinuz", NULL), "root=/dev/sda1 ro");
	assert_string_equal(build("initrd=\\initrd.img root=x initrd=/b kexec_jump_back_entry=0x1234 q", NULL),
			    "root=x q");
	assert_string_equal(build("BOOT_IMAGE=a BOOT_IMAGE=b", NULL), "");
	/* only the exact prefixes are dropped */
	assert_string_equal(build("BOOT_IMAGE initrd rd.initrd=x BOOT_IMAGEX=1 boot_image=1 xinitrd=1", NULL),
			    "BOOT_IMAGE initrd rd.initrd=x BOOT_IMAGEX=1 boot_image=1 xinitrd=1");
	/* a quoted BOOT_IMAGE with a space goes as a whole */
	assert_string_equal(build("BOOT_IMAGE=\"/my kernel\" root=x", NULL), "root=x");
}

static void test_word_dropped(void **state)
{
	assert_true(cmdline_word_dropped("BOOT_IMAGE=x", 12));
	assert_true(cmdline_word_dropped("BOOT_IMAGE=", 11));
	assert_false(cmdline_word_dropped("BOOT_IMAGE=", 10)); /* shorter than the prefix */
	assert_true(cmdline_word_dropped("initrd=/x rest", 9));
	assert_true(cmdline_word_dropped("kexec_jump_back_entry=0x1", 25));
	assert_false(cmdline_word_dropped("root=x", 6));
	assert_false(cmdline_word_dropped("", 0));
}

static void test_quotes(void **state)
{
	assert_string_equal(build("opt=\"a b\" root=x", NULL), "opt=\"a b\" root=x");
	assert_string_equal(build("\"opt=a  b\"   next", NULL), "\"opt=a  b\" next");
	assert_string_equal(build("dyndbg=\"file x.c +p\" a=\"\" b", NULL), "dyndbg=\"file x.c +p\" a=\"\" b");
	assert_string_equal(build("a=\"x\"y\"z\" b", NULL), "a=\"x\"y\"z\" b");
	assert_string_equal(build("opt=\"a b", NULL), "<bad quotes>");
	assert_string_equal(build("a \"", NULL), "<bad quotes>");
	assert_string_equal(build("ok", "x=\"y"), "<bad quotes>");
	/* a dropped word with an unbalanced quote is still an error */
	assert_string_equal(build("BOOT_IMAGE=\"x", NULL), "<bad quotes>");
	assert_int_equal(cmdline_build("a=\"b", NULL, out, 100), CMDLINE_BAD_QUOTES);
}

static void test_append(void **state)
{
	assert_string_equal(build("root=x", "quiet"), "root=x quiet");
	assert_string_equal(build("root=x", "  quiet   splash "), "root=x quiet splash");
	assert_string_equal(build("", "quiet"), "quiet");
	assert_string_equal(build(NULL, "quiet"), "quiet");
	assert_string_equal(build("root=x", ""), "root=x");
	/* append is taken as given: no filtering */
	assert_string_equal(build("root=x BOOT_IMAGE=a", "initrd=/keep BOOT_IMAGE=b"),
			    "root=x initrd=/keep BOOT_IMAGE=b");
	assert_string_equal(build("root=x", "opt=\"with space\""), "root=x opt=\"with space\"");
}

/* --reuse-cmdline --append: replace, do not duplicate */
static void test_append_merges(void **state)
{
	assert_string_equal(build("root=/dev/sda1 ro console=tty0 quiet", "console=ttyS0"),
			    "root=/dev/sda1 ro quiet console=ttyS0");
	/* every base word with that key goes; the appended ones all stay */
	assert_string_equal(build("console=tty0 root=x console=ttyS0,115200", "console=hvc0 console=ttyS1"),
			    "root=x console=hvc0 console=ttyS1");
	/* plain flags are kept once */
	assert_string_equal(build("root=x quiet ro", "quiet"), "root=x quiet ro");
	assert_string_equal(build("root=x", "splash splash"), "root=x splash");
	/* a key=value replaces a plain flag of the same name, and the other way round keeps both */
	assert_string_equal(build("root=x nokaslr", "nokaslr=1"), "root=x nokaslr=1");
	assert_string_equal(build("root=x ro", "root=/dev/vdb"), "ro root=/dev/vdb");
	assert_string_equal(build("only=1", "only=2"), "only=2");
	assert_string_equal(build("a=1 b=2 a=3", "a=4"), "b=2 a=4");
	/* quoted values and keys that are prefixes of others */
	assert_string_equal(build("dyndbg=\"file a.c +p\" dyn=1", "dyndbg=\"file b.c +p\""),
			    "dyn=1 dyndbg=\"file b.c +p\"");
	assert_string_equal(build("rd.break=1 rd=2", "rd=3"), "rd.break=1 rd=3");
	/* an empty value is a value */
	assert_string_equal(build("init=/sbin/init x", "init="), "x init=");
}

static void test_limit_exact(void **state)
{
	char *base = malloc(KEXEC_CMDLINE_MAX + 16);
	char *buf = malloc(KEXEC_CMDLINE_MAX + 16);

	assert_non_null(base);
	assert_non_null(buf);
	/* KEXEC_CMDLINE_MAX - 1 characters and the NUL fit */
	memset(base, 'a', KEXEC_CMDLINE_MAX - 1);
	base[KEXEC_CMDLINE_MAX - 1] = '\0';
	assert_int_equal(cmdline_build(base, NULL, buf, KEXEC_CMDLINE_MAX), KEXEC_CMDLINE_MAX - 1);
	assert_int_equal(strlen(buf), KEXEC_CMDLINE_MAX - 1);
	/* one more does not */
	memset(base, 'a', KEXEC_CMDLINE_MAX);
	base[KEXEC_CMDLINE_MAX] = '\0';
	assert_int_equal(cmdline_build(base, NULL, buf, KEXEC_CMDLINE_MAX), CMDLINE_TOO_LONG);
	/* the space before an appended word counts */
	memset(base, 'a', KEXEC_CMDLINE_MAX - 3);
	base[KEXEC_CMDLINE_MAX - 3] = '\0';
	assert_int_equal(cmdline_build(base, "b", buf, KEXEC_CMDLINE_MAX), KEXEC_CMDLINE_MAX - 1);
	assert_int_equal(buf[KEXEC_CMDLINE_MAX - 3], ' ');
	assert_int_equal(buf[KEXEC_CMDLINE_MAX - 2], 'b');
	assert_int_equal(cmdline_build(base, "bc", buf, KEXEC_CMDLINE_MAX), CMDLINE_TOO_LONG);
	/* dropped words do not count */
	memset(base, 'a', KEXEC_CMDLINE_MAX - 1);
	strcpy(base + KEXEC_CMDLINE_MAX - 1, " initrd=x");
	assert_int_equal(cmdline_build(base, NULL, buf, KEXEC_CMDLINE_MAX), KEXEC_CMDLINE_MAX - 1);
	free(base);
	free(buf);
}

static void test_x86_limit_value(void **state)
{
#if defined(__x86_64__)
	assert_int_equal(KEXEC_CMDLINE_MAX, 2017);
#endif
}

static void test_small_max(void **state)
{
	char b[8];

	memset(b, 'Q', sizeof(b));
	assert_int_equal(cmdline_build("a", NULL, b, 0), CMDLINE_TOO_LONG);
	assert_int_equal(b[0], 'Q'); /* max 0: out untouched */
	assert_int_equal(cmdline_build("", NULL, b, 1), 0);
	assert_string_equal(b, "");
	assert_int_equal(cmdline_build("a", NULL, b, 1), CMDLINE_TOO_LONG);
	assert_int_equal(cmdline_build("a", NULL, b, 2), 1);
	assert_string_equal(b, "a");
	assert_int_equal(cmdline_build("a b", NULL, b, 3), CMDLINE_TOO_LONG);
	assert_int_equal(cmdline_build("a b", NULL, b, 4), 3);
	assert_int_equal(cmdline_build("BOOT_IMAGE=/long/path/to/vmlinuz", NULL, b, 1), 0);
	/* out stays a string even when it fails */
	assert_int_equal(cmdline_build("ab cdefgh", NULL, b, 4), CMDLINE_TOO_LONG);
	assert_true(memchr(b, '\0', 4) != NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_dropped_anywhere),
		cmocka_unit_test(test_word_dropped),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_append_merges),
		cmocka_unit_test(test_limit_exact),
		cmocka_unit_test(test_x86_limit_value),
		cmocka_unit_test(test_small_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
