/* holder.c - test helper of the QEMU suites: a root "storage daemon", or a straggler.
 *
 *   holder [FILE...]
 *   holder --straggler FILE...
 *
 * --straggler: an ordinary process (no '@') that holds FILEs open and ignores SIGTERM, as a
 * hung process started by a shutdown hook would: the exitrd's kill phase has to wait for it
 * and send SIGKILL. Otherwise:
 * Re-executes itself as "@pitstop-holder": a root-owned process whose argv[0] starts with
 * '@' is a root storage daemon (systemd's ROOT_STORAGE_DAEMONS), which systemd and pitstop
 * spare in their first kill and pitstop ends in kill-storage, after the storage is down.
 * Then it opens every FILE read-only and keeps it open (a busy layer for the scenario that
 * needs one), detaches, lists itself in /run/sendsigs.omit.d (Debian's sysvinit
 * sendsigs spares those) and sleeps. Started from the initramfs (scripts/init-bottom/
 * pitstop-test-holder), so that its root and cwd are the initramfs, not the real root. On
 * SIGTERM it says so in the kernel log and exits; holding files, it ignores SIGTERM (the
 * stuck layer: only SIGKILL frees it). Built static with klcc. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int kmsg = -1;

static void say(const char *msg)
{
	char buf[256];
	int n = snprintf(buf, sizeof(buf), "<5>pitstop-holder[%d]: %s\n", (int)getpid(), msg);

	if (kmsg >= 0 && n > 0)
		(void)!write(kmsg, buf, (size_t)n);
}

static void on_term(int sig)
{
	(void)sig;
	say("SIGTERM: exiting");
	_exit(0);
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	char msg[200];
	int i = 1, held = 0, straggler = argc > 1 && strcmp(argv[1], "--straggler") == 0;

	if (straggler)
		i = 2;
	else if (argv[0][0] != '@') {
		argv[0] = "@pitstop-holder";
		execv("/proc/self/exe", argv);
		perror("holder: execv /proc/self/exe");
		return 1;
	}
	kmsg = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	for (; i < argc; i++) {
		if (open(argv[i], O_RDONLY) < 0) {
			perror(argv[i]);
			return 1;
		}
		held++;
	}
	memset(&sa, 0, sizeof(sa));
	/* holding something: the stuck case, which must take SIGKILL */
	sa.sa_handler = held ? SIG_IGN : on_term;
	sigaction(SIGTERM, &sa, NULL);
	if (fork() != 0)
		return 0;
	setsid();
	if (straggler)
		goto run;
	/* sysvinit roots: Debian's sendsigs spares the PIDs listed here, which is
	 * how a storage daemon outlives it there (killall5 knows no "@") */
	mkdir("/run/sendsigs.omit.d", 0755);
	snprintf(msg, sizeof(msg), "/run/sendsigs.omit.d/pitstop-holder");
	i = open(msg, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (i >= 0) {
		snprintf(msg, sizeof(msg), "%d\n", (int)getpid());
		(void)!write(i, msg, strlen(msg));
		close(i);
	}
run:
	close(0);
	close(1);
	close(2);
	snprintf(msg, sizeof(msg), "running, holding %d file(s) open%s", held,
		 held ? ", ignoring SIGTERM" : "");
	say(msg);
	for (;;)
		pause();
}
