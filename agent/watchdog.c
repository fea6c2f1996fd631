/* watchdog.c - systemd hands over an armed watchdog: feed it, never close it
 * (closing could disarm it, and it is our last resort if we wedge). */
#include "watchdog.h"
#include "log.h"
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/watchdog.h>

static int wd_fd = -1;
static int64_t wd_last_ms;

void watchdog_open_from_env(void)
{
	const char *usec = getenv("WATCHDOG_USEC");
	const char *dev = getenv("WATCHDOG_DEVICE");
	const char *pid = getenv("WATCHDOG_PID");

	if (!usec || strtoull(usec, NULL, 10) == 0)
		return;
	/* systemd >= 257 names the process the watchdog is meant for (the exitrd runs as
	 * PID 1 and gets WATCHDOG_PID=1): a value inherited by anyone else is not ours */
	if (pid && *pid && strtol(pid, NULL, 10) != (long)getpid())
		return;
	if (!dev || !*dev)
		dev = "/dev/watchdog0";
	wd_fd = open(dev, O_WRONLY | O_CLOEXEC);
	if (wd_fd < 0)
		log_warn("watchdog: cannot open %s: %s", dev, strerror(errno));
	else
		watchdog_ping();
}

void watchdog_ping(void)
{
	int64_t now;

	if (wd_fd < 0)
		return;
	now = mono_ms();
	if (now - wd_last_ms < 1000 && wd_last_ms)
		return;
	wd_last_ms = now;
	ioctl(wd_fd, WDIOC_KEEPALIVE, 0);
}
