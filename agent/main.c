/* main.c - pick the command from argv[0] or argv[1].
 *
 * The three ways into the exitrd start here: /shutdown VERB (systemd's
 * jump, or our own exec after the pivot), "pitstop VERB" (the pivot for
 * inits without an exitrd of their own), and PID 1 re-executed into us
 * after that pivot ("INIT --init"). */
#include "arm.h"
#include "handover.h"
#include "watchdog.h"
#include "kexec.h"
#include "last.h"
#include "log.h"
#include "options.h"
#include "shutdown.h"
#include "status.h"
#include "sysv.h"

#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#define HANDOVER_WAIT_MS 3000

#ifndef PITSTOP_VERSION
#define PITSTOP_VERSION "0.1"
#endif

/* Found by "status" to tell our binary from another exitrd. */
const char pitstop_marker[] __attribute__((used)) = "pitstop-agent-marker " PITSTOP_VERSION;

static const char usage[] =
	"usage: pitstop COMMAND [ARGS]\n"
	"  arm [--dir DIR] [--binary FILE]   install the exitrd in /run/initramfs\n"
	"  load [KERNEL] [--initrd FILE]... [--no-initrd] [--append STR]\n"
	"       [--reuse-cmdline | --command-line STR] [--default | --newest]\n"
	"       [--root DIR] [--dtb FILE] [--dry-run [--iomem FILE]]\n"
	"                                     stage the next kernel (kexec_file_load; arm64\n"
	"                                     without it: kexec_load, DTB, purgatory)\n"
	"  unload                             drop the staged kernel\n"
	"  status [--json]                    what the next reboot would do\n"
	"  last [--json] [--kmsg] [--dir DIR] how the previous shutdown went (its report in pstore)\n"
	"  shutdown VERB [systemd options]    the exitrd (also run as /shutdown VERB)\n"
	"  reboot|poweroff|halt|kexec         without systemd: pivot into /run/initramfs, run the exitrd\n"
	"exit codes: 0 done, 1 failed, 2 bad usage\n";

/* "pitstop VERB": pivot, then PID 1 or we run the exitrd there. */
static int pivot_entry(int argc, char **argv)
{
	char *args[] = { "shutdown", argv[0], NULL };
	enum verb v;
	int r = sysv_pivot(argc, argv, &v);

	if (r != 0)
		return r;
	/* PID 1 or the exec below opens it again (the exitrd takes it over) */
	watchdog_release();
	/* as PID 1 ourselves (an init script that execs us last) we run it here */
	if (getpid() != 1 && init_handover(v, HANDOVER_WAIT_MS) == 0)
		_exit(0); /* PID 1 runs the exitrd now */
	execv("/shutdown", args);
	sysv_no_exitrd(v);
	return 1;
}

/* PID 1 re-executed into us after the pivot */
static int init_entry(void)
{
	char verb[16], *args[] = { "shutdown", verb, NULL };

	handover_verb(verb, sizeof(verb));
	return cmd_shutdown(2, args);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

int main(int argc, char **argv)
{
	const char *cmd;
	enum verb v;

	if (argc < 1)
		return 2;
	/* sysvinit re-executed into us (handover.c) */
	if (argc == 2 && strcmp(argv[1], "--init") == 0 && getpid() == 1)
		return init_entry();
	if (strcmp(base_name(argv[0]), "shutdown") == 0)
		return cmd_shutdown(argc, argv);
	if (argc < 2) {
		fputs(usage, stderr);
		return 2;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		fputs(usage, stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version")) {
		printf("pitstop %s\n", PITSTOP_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "shutdown"))
		return cmd_shutdown(argc - 1, argv + 1);
	if (!strcmp(cmd, "arm"))
		return cmd_arm(argc - 1, argv + 1);
	if (!strcmp(cmd, "load"))
		return cmd_load(argc - 1, argv + 1);
	if (!strcmp(cmd, "unload"))
		return cmd_unload(argc - 1, argv + 1);
	if (!strcmp(cmd, "status"))
		return cmd_status(argc - 1, argv + 1);
	if (!strcmp(cmd, "last"))
		return cmd_last(argc - 1, argv + 1);
	if (verb_parse(cmd, &v) == 0 && v != VERB_EXIT)
		return pivot_entry(argc - 1, argv + 1);
	log_err("unknown command '%s'\n%s", cmd, usage);
	return 2;
}
