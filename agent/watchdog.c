/* watchdog.c - take over an armed hardware watchdog, keep it fed while we
 * work, and leave it running with a timeout that covers the final jump.
 * It is never closed with the magic character: if we wedge, or the next
 * kernel never comes up, the hardware resets the machine. */
#include "watchdog.h"
#include "fileio.h"
#include "log.h"
#include "sys.h"
#include "wdplan.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/watchdog.h>

#define WD_DEFAULT_DEV "/dev/watchdog0"

static struct {
	int fd;
	long timeout_s;
	long interval_ms;
	int64_t last_ms;
	long jump_s;       /* 0: leave the timeout as it is */
	bool from_systemd;
	bool ignored;      /* pitstop.watchdog=ignore said once */
} wd = { -1, 0, WD_PING_MAX_MS, -1, 0, false, false };

int watchdog_conf(struct wd_conf *c, char *err, size_t errsz)
{
	char *cmdline = NULL;
	size_t len;
	int r;

	if (read_file("/proc/cmdline", 4096, &cmdline, &len) < 0)
		return wd_conf_parse("", c, err, errsz); /* the defaults */
	r = wd_conf_parse(cmdline, c, err, errsz);
	free(cmdline);
	return r;
}

/* Which device to take over, or NULL: systemd's hand-over (WATCHDOG_USEC,
 * WATCHDOG_DEVICE), else a watchdog left running by a daemon that was
 * stopped without disarming it (sysvinit, OpenRC). Opening an idle
 * watchdog would start it: that one is left alone. */
static const char *pick_device(long *systemd_s)
{
	const char *usec = getenv("WATCHDOG_USEC"), *dev = getenv("WATCHDOG_DEVICE");
	const char *pid = getenv("WATCHDOG_PID");
	char state[16];

	*systemd_s = 0;
	/* systemd >= 257 names the process the watchdog is meant for (the exitrd runs as
	 * PID 1 and gets WATCHDOG_PID=1): a value inherited by anyone else is not ours */
	if (usec && (!pid || !*pid || strtol(pid, NULL, 10) == (long)getpid())) {
		unsigned long long u = strtoull(usec, NULL, 10);

		if (u == 0) {
			log_info("watchdog: systemd handed over none (WATCHDOG_USEC=0)");
			return NULL;
		}
		*systemd_s = (long)((u + 999999) / 1000000);
		return dev && *dev ? dev : WD_DEFAULT_DEV;
	}
	if (read_line(WD_SYSFS "/state", state, sizeof(state)) == 0 && strcmp(state, "active") == 0)
		return WD_DEFAULT_DEV;
	return NULL;
}

static int open_device(const char *dev, long busy_wait_ms)
{
	int64_t t0 = mono_ms();
	int fd;

	while ((fd = open(dev, O_WRONLY | O_CLOEXEC)) < 0 && errno == EBUSY &&
	       mono_ms() - t0 < busy_wait_ms)
		sleep_ms(50);
	return fd;
}

void watchdog_take_over(long busy_wait_ms)
{
	struct wd_conf c;
	char err[128];
	const char *dev;
	long systemd_s;
	int t = 0;

	if (wd.fd >= 0 || wd.ignored)
		return;
	if (watchdog_conf(&c, err, sizeof(err)) < 0)
		log_warn("watchdog: %s", err);
	dev = pick_device(&systemd_s);
	if (!dev)
		return;
	if (c.ignore) {
		wd.ignored = true;
		log_notice("watchdog: %s left alone (pitstop.watchdog=ignore): nobody feeds it now", dev);
		return;
	}
	wd.fd = open_device(dev, busy_wait_ms);
	if (wd.fd < 0 && errno == EBUSY && !busy_wait_ms) {
		log_info("watchdog: %s is still held (by its daemon): taken over later", dev);
		return;
	}
	if (wd.fd < 0) {
		log_warn("watchdog: cannot open %s: %s: nobody feeds it now", dev, strerror(errno));
		return;
	}
	wd.from_systemd = systemd_s > 0;
	if (ioctl(wd.fd, WDIOC_GETTIMEOUT, &t) < 0 || t <= 0)
		t = (int)systemd_s;
	wd.timeout_s = t;
	wd.interval_ms = wd_ping_interval_ms(t);
	wd.jump_s = wd_jump_seconds(&c, systemd_s);
	watchdog_ping();
	log_notice("watchdog: took over %s from %s: %d s timeout, fed every %ld ms", dev,
		   wd.from_systemd ? "systemd" : "a stopped daemon", t, wd.interval_ms);
}

void watchdog_ping(void)
{
	int64_t now;

	if (wd.fd < 0)
		return;
	now = mono_ms();
	if (!wd_ping_due(now, wd.last_ms, wd.interval_ms))
		return;
	wd.last_ms = now;
	ioctl(wd.fd, WDIOC_KEEPALIVE, 0);
}

/* Only system calls: also from the deadline alarm. */
static int set_jump_timeout(void)
{
	int t = (int)wd.jump_s;

	if (ioctl(wd.fd, WDIOC_SETTIMEOUT, &t) < 0)
		return -1;
	ioctl(wd.fd, WDIOC_KEEPALIVE, 0);
	return t;
}

void watchdog_jump(const char *what)
{
	int t;

	if (wd.fd < 0)
		return;
	if (wd.jump_s == 0) {
		ioctl(wd.fd, WDIOC_KEEPALIVE, 0);
		log_notice("watchdog: stays at %ld s for the %s (%s)", wd.timeout_s, what,
			   wd.from_systemd ? "the timeout systemd armed for it" : "pitstop.watchdog-kexec=0");
		return;
	}
	t = set_jump_timeout();
	if (t < 0) {
		ioctl(wd.fd, WDIOC_KEEPALIVE, 0);
		log_warn("watchdog: cannot set %ld s for the %s: %s: it stays at %ld s", wd.jump_s,
			 what, strerror(errno), wd.timeout_s);
		return;
	}
	wd.timeout_s = t;
	log_notice("watchdog: %d s to cover the %s%s", t, what,
		   t != wd.jump_s ? " (the nearest the device takes)" : "");
}

void watchdog_jump_quiet(void)
{
	if (wd.fd >= 0 && wd.jump_s > 0)
		(void)set_jump_timeout();
}

void watchdog_release(void)
{
	if (wd.fd < 0)
		return;
	ioctl(wd.fd, WDIOC_KEEPALIVE, 0);
	/* no magic close: the watchdog keeps running for whoever opens it next */
	close(wd.fd);
	wd.fd = -1;
}

bool watchdog_held(void)
{
	return wd.fd >= 0;
}
