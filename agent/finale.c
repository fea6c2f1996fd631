/* finale.c - reboot, kexec, power off, halt or exit. */
#include "finale.h"
#include "log.h"
#include "reportio.h"
#include "sys.h"
#include "watchdog.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t alarm_verb = VERB_REBOOT;

static unsigned verb_cmd(enum verb v)
{
	switch (v) {
	case VERB_POWEROFF:
	case VERB_EXIT:
		return PS_RB_POWER_OFF;
	case VERB_HALT:
		return PS_RB_HALT;
	case VERB_KEXEC:
		return PS_RB_KEXEC;
	default:
		return PS_RB_RESTART;
	}
}

/* Async-signal-safe: only system calls. */
static void on_alarm(int sig)
{
	static const char msg[] = "<2>pitstop: deadline reached, forcing the final action\n";
	int fd = open("/dev/kmsg", O_WRONLY);

	(void)sig;
	if (fd >= 0)
		(void)!write(fd, msg, sizeof(msg) - 1);
	report_emit_alarm();
	watchdog_jump_quiet();
	sys_reboot(verb_cmd((enum verb)alarm_verb), NULL);
	sys_reboot(PS_RB_RESTART, NULL);
	_exit(1);
}

void finale_arm_alarm(enum verb v, unsigned seconds)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	alarm_verb = v;
	sigaction(SIGALRM, &sa, NULL);
	alarm(seconds);
}

void finale(enum verb v, const char *reboot_arg, int exit_code)
{
	if (v == VERB_EXIT && getpid() != 1) {
		report_emit("exit", 0);
		log_notice("final: exit %d", exit_code);
		exit(exit_code);
	}
	report_emit(verb_name(v), 0);
	watchdog_jump(verb_name(v));
	if (v == VERB_REBOOT && reboot_arg && *reboot_arg) {
		log_notice("final: reboot with argument '%s'", reboot_arg);
		sys_reboot(PS_RB_RESTART2, reboot_arg);
		log_err("final: reboot with argument failed: %s; plain reboot", strerror(errno));
	}
	log_notice("final: %s", verb_name(v));
	sys_reboot(verb_cmd(v), NULL);
	if (v == VERB_KEXEC) {
		log_err("final: kexec failed: %s%s; rebooting instead", strerror(errno),
			errno == EINVAL ? " (no kernel staged?)" : "");
		report_emit("reboot", RF_KEXEC_FAILED);
	} else {
		log_err("final: %s failed: %s; rebooting instead", verb_name(v), strerror(errno));
		report_emit("reboot", 0);
	}
	sys_reboot(PS_RB_RESTART, NULL);
	log_err("final: reboot failed: %s", strerror(errno));
}
