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

/* The key of a word: up to its '=', or all of it. */
static size_t key_len(const char *w, size_t n)
{
	const char *eq = memchr(w, '=', n);

	return eq ? (size_t)(eq - w) : n;
}

/* Removes the word of n bytes at out + i with one space next to it. */
static void cut(char *out, size_t *len, size_t *base_end, size_t i, size_t n)
{
	if (i + n < *len)
		n++;            /* the space after it */
	else if (i > 0)
		i--, n++;       /* the last word: the space before it */
	memmove(out + i, out + i + n, *len - i - n + 1);
	*len -= n;
	*base_end = *base_end > n ? *base_end - n : 0;
}

/* An appended word w (n bytes): drops base words with its key when it is
 * key=value; returns 1 when it is a plain flag already there (skip it). */
static int merge(const char *w, size_t n, char *out, size_t *len, size_t *base_end)
{
	size_t kl = key_len(w, n), i = 0;
	int flag = kl == n;

	while (i < (flag ? *len : *base_end)) {
		size_t wn = (size_t)word_len(out + i);

		if (flag && wn == n && memcmp(out + i, w, n) == 0)
			return 1;
		if (!flag && key_len(out + i, wn) == kl && memcmp(out + i, w, kl) == 0) {
			cut(out, len, base_end, i, wn);
			continue;
		}
		i += wn + 1;
	}
	return 0;
}

/* Appends the words of s to out (at *len). base: filter leftovers; else
 * merge with the base words (out up to *base_end). */
static int add_words(const char *s, int base, char *out, size_t max, size_t *len, size_t *base_end)
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
		if (base ? !cmdline_word_dropped(s, (size_t)n) : !merge(s, (size_t)n, out, len, base_end)) {
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
	if (base)
		*base_end = *len;
	return 0;
}

int cmdline_build(const char *base, const char *append, char *out, size_t max)
{
	size_t len = 0, base_end = 0;
	int r;

	if (max == 0)
		return CMDLINE_TOO_LONG;
	out[0] = '\0';
	r = add_words(base, 1, out, max, &len, &base_end);
	if (r == 0)
		r = add_words(append, 0, out, max, &len, &base_end);
	return r < 0 ? r : (int)len;
}

int cmdline_value(const char *cmdline, const char *key, char *out, size_t outsz)
{
	size_t kl = strlen(key);
	int found = 0;

	while (*cmdline) {
		int n;

		while (is_space(*cmdline))
			cmdline++;
		n = word_len(cmdline);
		if (n <= 0)
			break;
		if ((size_t)n > kl && cmdline[kl] == '=' && memcmp(cmdline, key, kl) == 0) {
			const char *v = cmdline + kl + 1;
			size_t vl = (size_t)n - kl - 1;

			if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"')
				v++, vl -= 2;
			if (vl >= outsz)
				return -1;
			memcpy(out, v, vl);
			out[vl] = 0;
			found = 1; /* the last one wins, as in the kernel */
		}
		cmdline += n;
	}
	return found;
}
