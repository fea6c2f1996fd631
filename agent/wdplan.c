/* wdplan.c - see wdplan.h. */
#include "wdplan.h"
#include "cmdline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bad(char *err, size_t errsz, const char *what, const char *val)
{
	snprintf(err, errsz, "%s=%s: not understood, ignored", what, val);
	return -1;
}

int wd_conf_parse(const char *kcmdline, struct wd_conf *c, char *err, size_t errsz)
{
	char v[32], *end;
	int r = 0;
	long s;

	c->ignore = false;
	c->jump_s = -1;
	if (errsz)
		*err = 0;
	switch (cmdline_value(kcmdline, "pitstop.watchdog", v, sizeof(v))) {
	case 1:
		if (strcmp(v, "ignore") == 0)
			c->ignore = true;
		else if (strcmp(v, "feed") != 0)
			r = bad(err, errsz, "pitstop.watchdog", v);
		break;
	case -1:
		r = bad(err, errsz, "pitstop.watchdog", "(too long)");
		break;
	}
	switch (cmdline_value(kcmdline, "pitstop.watchdog-kexec", v, sizeof(v))) {
	case 1:
		s = strtol(v, &end, 10);
		/* seconds, with an optional "s" as systemd writes them */
		if (end != v && (*end == 0 || (end[0] == 's' && end[1] == 0)) && s >= 0 && s <= WD_JUMP_MAX_S)
			c->jump_s = s;
		else
			r = bad(err, errsz, "pitstop.watchdog-kexec", v);
		break;
	case -1:
		r = bad(err, errsz, "pitstop.watchdog-kexec", "(too long)");
		break;
	}
	return r;
}

long wd_ping_interval_ms(long timeout_s)
{
	long half;

	if (timeout_s <= 0)
		return WD_PING_MAX_MS;
	half = timeout_s * 1000 / 2;
	if (half > WD_PING_MAX_MS)
		return WD_PING_MAX_MS;
	return half < WD_PING_MIN_MS ? WD_PING_MIN_MS : half;
}

bool wd_ping_due(int64_t now_ms, int64_t last_ms, long interval_ms)
{
	return last_ms < 0 || now_ms - last_ms >= interval_ms || now_ms < last_ms;
}

long wd_jump_seconds(const struct wd_conf *c, long systemd_s)
{
	if (c->jump_s >= 0)
		return c->jump_s;
	if (systemd_s > 0)
		return 0; /* systemd armed it for this verb: its value stays */
	return WD_JUMP_DEFAULT_S;
}
