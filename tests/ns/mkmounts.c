/* mkmounts DIR N flat|nested - build a mount tree quickly for the namespace tests.
 * flat:   N tmpfs mounts side by side under DIR;
 * nested: N/10 chains, each ten tmpfs mounts deep.
 * Every third name holds a space, every seventh a tab, every eleventh a
 * backslash, so the kernel's \040 \011 \134 escapes are exercised. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

static void name_for(int i, char *out, size_t sz)
{
	snprintf(out, sz, "m%s%d", i % 3 == 0 ? " sp " : i % 7 == 0 ? "\ttab" : i % 11 == 0 ? "\\bs" : "", i);
}

static int mount_at(const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return -1;
	return mount("mk", path, "tmpfs", 0, "size=64k");
}

int main(int argc, char **argv)
{
	char path[4096], name[64];
	int n, i, j, nested;

	if (argc != 4)
		return fprintf(stderr, "usage: mkmounts DIR N flat|nested\n"), 2;
	n = atoi(argv[2]);
	nested = strcmp(argv[3], "nested") == 0;
	for (i = 0; i < n; i += nested ? 10 : 1) {
		size_t len;

		name_for(i, name, sizeof(name));
		len = (size_t)snprintf(path, sizeof(path), "%s/%s", argv[1], name);
		if (mount_at(path) < 0)
			return perror(path), 1;
		for (j = 1; nested && j < 10 && i + j < n; j++) {
			name_for(i + j, name, sizeof(name));
			len += (size_t)snprintf(path + len, sizeof(path) - len, "/%s", name);
			if (mount_at(path) < 0)
				return perror(path), 1;
		}
	}
	return 0;
}
