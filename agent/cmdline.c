/* cmdline.c - reuse the running kernel's command line for the next one. */
#include "cmdline.h"

#include <string.h>

static const char *const dropped[] = { "BOOT_IMAGE=", "initrd=", "kexec_jump_back_entry=", NULL };

int cmdline_word_dropped(const char *word, size_t len)
{
	const char *const *d;

	for (d = dropped; *d; d++) {
		size_t n = strlen(*d);

		if (len >= n && strncmp(word, *d, n) == 0)
			return 1;
	}
	return 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Length of the word at s, honouring double quotes; -1 if unbalanced. */
static int word_len(const char *s)
{
	int n = 0, quoted = 0;

	for (; s[n] && (quoted || !is_space(s[n])); n++)
		if (s[n] == '"')
			quoted = !quoted;
	return quoted ? -1 : n;
}

/* Appends the words of s to out (at *len); drop: filter leftovers. */
static int add_words(const char *s, int drop, char *out, size_t max, size_t *len)
{
	while (s && *s) {
		int n;

		while (is_space(*s))
			s++;
		if (!*s)
			break;
		n = word_len(s);
		if (n < 0)
			return CMDLINE_BAD_QUOTES;
		if (!(drop && cmdline_word_dropped(s, (size_t)n))) {
			size_t need = (*len ? 1 : 0) + (size_t)n;

			if (*len + need + 1 > max)
				return CMDLINE_TOO_LONG;
			if (*len)
				out[(*len)++] = ' ';
			memcpy(out + *len, s, (size_t)n);
			*len += (size_t)n;
			out[*len] = '\0';
		}
		s += n;
	}
	return 0;
}

int cmdline_build(const char *base, const char *append, char *out, size_t max)
{
	size_t len = 0;
	int r;

	if (max == 0)
		return CMDLINE_TOO_LONG;
	out[0] = '\0';
	r = add_words(base, 1, out, max, &len);
	if (r == 0)
		r = add_words(append, 0, out, max, &len);
	return r < 0 ? r : (int)len;
}
