/* rawumount DIR N - the floor: umount2() on DIR/m0..m{N-1} in reverse, no
 * mountinfo, no planning. Prints "MS=<milliseconds>". Names as mkmounts makes
 * them for the flat shape without special characters (see bench/run). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <time.h>

int main(int argc, char **argv)
{
	struct timespec a, b;
	char path[512];
	int n, i;

	if (argc != 3)
		return fprintf(stderr, "usage: rawumount DIR N\n"), 2;
	n = atoi(argv[2]);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = n - 1; i >= 0; i--) {
		snprintf(path, sizeof(path), "%s/p%d", argv[1], i);
		if (umount2(path, 0) < 0)
			perror(path);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("MS=%ld\n", (long)((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000));
	return 0;
}
