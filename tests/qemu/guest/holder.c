/* holder.c - test helper of the QEMU suites: a root "storage daemon", or a straggler.
 *
 *   holder [FILE...]
 *   holder --straggler FILE...
 *   holder --late-tmpfs N DIR
 *
 * --late-tmpfs (bench/guest): as the "@" daemon, wait until PID 1 is systemd-shutdown (the
 * units are stopped, its unmount loop comes next), then mount N tmpfs at DIR/m0 ...
 * DIR/m<N-1> (the directories made beforehand) and hold a file open in each: N busy mounts
 * without N mount units that systemd would first try to stop one by one. Below /dev (what
 * the bench uses) systemd-shutdown leaves them to the exitrd; elsewhere it detaches them.
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
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
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

static int pid1_is_shutdown(void)
{
	char comm[32];
	int fd = open("/proc/1/comm", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, comm, sizeof(comm) - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return 0;
	comm[n] = '\0';
	return strncmp(comm, "systemd-shutdow", 15) == 0;
}

/* --late-tmpfs: returns how many mounts it made (each with a file held open) */
static long late_tmpfs(long n, const char *dir)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	char path[256];
	long i;

	/* N open files: the caller raises RLIMIT_NOFILE (klibc has no setrlimit) */
	while (!pid1_is_shutdown())
		nanosleep(&tick, NULL);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/m%ld", dir, i);
		if (mount("bench", path, "tmpfs", 0, "size=64k") != 0)
			break;
		snprintf(path, sizeof(path), "%s/m%ld/f", dir, i);
		if (open(path, O_RDWR | O_CREAT, 0644) < 0)
			break;
	}
	return i;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	char msg[200];
	int i = 1, held = 0, straggler = argc > 1 && strcmp(argv[1], "--straggler") == 0;
	long late = 0;

	if (argc == 4 && strcmp(argv[1], "--late-tmpfs") == 0) {
		late = strtol(argv[2], NULL, 10);
		i = argc; /* nothing to open now */
		held = 1; /* ignore SIGTERM: it will hold the mounts */
	}
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
	if (late > 0) {
		snprintf(msg, sizeof(msg), "systemd-shutdown runs: %ld of %ld tmpfs mounted under %s, a file held open in each",
			 late_tmpfs(late, argv[3]), late, argv[3]);
		say(msg);
		held = (int)late;
	}
	snprintf(msg, sizeof(msg), "running, holding %d file(s) open%s", held,
		 held ? ", ignoring SIGTERM" : "");
	say(msg);
	for (;;)
		pause();
}
