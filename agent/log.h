/* log.h - one-line log records, "pitstop: ..." on /dev/kmsg or stderr. */
#ifndef PITSTOP_LOG_H
#define PITSTOP_LOG_H

#include <stdint.h>

#define LOG_ERR 3
#define LOG_WARNING 4
#define LOG_NOTICE 5
#define LOG_INFO 6
#define LOG_DEBUG 7

enum log_target { LOG_TARGET_STDERR, LOG_TARGET_KMSG };

/* KMSG falls back to /dev/console, then stderr, when /dev/kmsg can't be opened. */
void log_open(enum log_target target);
void log_set_max_level(int level);
void log_msg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_err(...) log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARNING, __VA_ARGS__)
#define log_notice(...) log_msg(LOG_NOTICE, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* A phase logs exactly one summary line with its duration. */
struct phase {
	const char *name;
	int64_t start_ms;
};

void phase_begin(struct phase *p, const char *name);
/* Logs "pitstop: NAME: <message> (N ms)" and returns the duration in ms. */
long phase_end(struct phase *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
