/* log.c - where log lines go and how they look. */
#include "log.h"
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int log_fd = 2;
static int log_is_kmsg;
static int log_max_level = LOG_INFO;

static int open_kmsg(void)
{
	return open("/dev/kmsg", O_WRONLY | O_CLOEXEC | O_NOCTTY);
}

void log_open(enum log_target target)
{
	int fd;

	if (target != LOG_TARGET_KMSG)
		return;
	fd = open_kmsg();
	if (fd >= 0) {
		log_fd = fd;
		log_is_kmsg = 1;
		return;
	}
	fd = open("/dev/console", O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd >= 0)
		log_fd = fd;
}

void log_set_max_level(int level)
{
	log_max_level = level;
}

/* The kernel rate-limits each open file of /dev/kmsg (10 lines per 5 s), and
 * the bounded children write through the file they inherit, so no count kept
 * here can tell when it runs out: every line gets a fresh open of its own (a
 * few dozen opens per shutdown). log_fd stays open as the fallback. */
static void write_line(const char *buf, int n)
{
	int fd = log_is_kmsg ? open_kmsg() : -1;

	if (fd >= 0) {
		if (write(fd, buf, n) == n) {
			close(fd);
			return;
		}
		close(fd);
	}
	if (write(log_fd, buf, n) < 0 && log_fd != 2)
		(void)!write(2, buf, n);
}

static void log_vmsg(int level, const char *fmt, va_list ap)
{
	char buf[1024];
	int n = 0;
	int saved = errno;

	if (level > log_max_level)
		return;
	if (log_is_kmsg)
		n = snprintf(buf, sizeof(buf), "<%d>", level);
	n += snprintf(buf + n, sizeof(buf) - n, "pitstop: ");
	n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	write_line(buf, n);
	errno = saved;
}

void log_msg(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

void phase_begin(struct phase *p, const char *name)
{
	p->name = name;
	p->start_ms = mono_ms();
}

long phase_end(struct phase *p, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	long ms = (long)(mono_ms() - p->start_ms);

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_notice("%s: %s (%ld ms)", p->name, msg, ms);
	return ms;
}
