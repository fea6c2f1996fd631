# pitstop - an initramfs-resident reboot agent.
#   make              agent/pitstop, static, with klibc (klcc)
#   make ARCH=arm64   agent/pitstop-arm64, the same cross-built for aarch64
#                     (tests/deps arm64 installs the cross compiler and the
#                     arm64 klibc; `make agent/pitstop-arm64` does the same)
#   make check        every test: unit, fuzz smoke, namespaces, QEMU guests
#   make demo         build a guest and show a kexec reboot through pitstop
#   make fuzz         longer fuzzing runs (FUZZ_SECONDS each)
#   make bench        benchmarks (bench/)
#   make deps         install the Debian packages `make` needs (klibc); `tests/deps check` for the tests
#   make install      DESTDIR=... PREFIX=/usr (sysvinit: then update-rc.d pitstop defaults);
#                     with ARCH=arm64 the tree holds the aarch64 binary
#   make deb          build/deb/pitstop_$(VERSION)_ARCH.deb (debian/; as root it installs the
#                     build dependencies first), checked with lintian

VERSION    := 0.1
KLCC       ?= klcc
CC         ?= cc
CLANG      ?= clang
PREFIX     ?= /usr
SBINDIR    ?= $(PREFIX)/sbin
MANDIR     ?= $(PREFIX)/share/man
DRACUTDIR  ?= $(PREFIX)/lib/dracut/modules.d/50pitstop
ITOOLSDIR  ?= $(PREFIX)/share/initramfs-tools
SYSVDIR    ?= /etc/init.d
UNITDIR    ?= $(PREFIX)/lib/systemd/system
FUZZ_SECONDS ?= 60

# Pure parsers and planners: no system calls, unit-tested and fuzzed.
PURE  := options mountinfo plan tdplan procparse cmdline bls kimage pe dmlist sdinfo report wdplan \
         iomem dtb a64plan
# The code that acts.
ACT   := sys log fileio kfile unwrap deadline watchdog mounttable blockers umount teardown gate kill swap \
         loopdev dm md syncfs \
         reportio finale kexec kexec_arm64 bootfiles arm status last shutdown sysv handover main
SRCS  := $(addprefix agent/,$(addsuffix .c,$(PURE) $(ACT)))
HDRS  := $(wildcard agent/*.h)

WARN  := -Wall -Wextra -Wno-unused-parameter
KFLAGS := -Os -static -DPITSTOP_VERSION=\"$(VERSION)\" $(WARN) -ffunction-sections -fdata-sections \
          -fno-jump-tables -fno-inline-functions-called-once
HOSTFLAGS := -g -O1 -D_GNU_SOURCE -DPITSTOP_VERSION=\"$(VERSION)\" $(WARN) -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer

.PHONY: all check check-all check-storage unit fuzz fuzz-smoke ns qemu demo bench install clean deps deb

ifneq ($(filter arm64 aarch64,$(ARCH)),)
BIN := agent/pitstop-arm64
else
BIN := agent/pitstop
endif
all: $(BIN)

# A fresh machine has no klcc: say which packages `make deps` (as root) installs.
KLCC_FOUND := $(shell command -v $(KLCC) 2>/dev/null)
ifeq ($(KLCC_FOUND),)
agent/pitstop: klcc-missing
.PHONY: klcc-missing
klcc-missing:
	@echo "pitstop: '$(KLCC)' not found: the static build needs klibc." >&2
	@echo "pitstop: run 'make deps' as root (apt-get install libklibc-dev make gcc), then 'make'." >&2
	@exit 127
endif

deps:
	tests/deps build

# Size: no jump tables and no inlining of single-call functions (-0.5 KB), one
# R+X segment for text and rodata (noseparate-code), and the small
# data segment placed right after it in the file instead of at the next 4 KiB
# boundary (common-page-size=64; the kernel maps it from that offset all the same).
KLINK := -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,-z,common-page-size=64 -Wl,--build-id=none
# x86_64 kernels are never gzip'd: no inflate (klibc's zlib) in the x86_64 binary.
agent/pitstop: $(SRCS) $(HDRS) Makefile
	$(KLCC) $(KFLAGS) -DPITSTOP_NO_INFLATE -o $@ $(SRCS) $(KLINK)
	strip -R .comment $@

# arm64: Debian's arm64 klibc (not co-installable with the amd64 one) unpacked
# into build/klibc-arm64 with a klcc of its own that drives aarch64-linux-gnu-gcc.
KLCC_ARM64 := build/klibc-arm64/klcc
$(KLCC_ARM64):
	tests/deps klibc-arm64

# The arm64 klcc keeps unwind tables (-2.4 KB off) and its ld's relro rule pads
# the data segment to the next 64 KiB page boundary in the file (-9 KB off).
agent/pitstop-arm64: $(SRCS) $(HDRS) Makefile | $(KLCC_ARM64)
	$(KLCC_ARM64) $(KFLAGS) -fno-asynchronous-unwind-tables -fno-unwind-tables -o $@ $(SRCS) \
		$(KLINK) -Wl,-z,norelro
	aarch64-linux-gnu-strip -R .comment $@

# The same sources with the host libc and sanitizers.
build/pitstop-host: $(SRCS) $(HDRS) | build
	$(CC) $(HOSTFLAGS) -o $@ $(SRCS) -lz

build:
	mkdir -p build

UNIT_TESTS := $(patsubst tests/unit/test_%.c,build/test_%,$(wildcard tests/unit/test_*.c))
PURE_SRCS  := $(addprefix agent/,$(addsuffix .c,$(PURE))) agent/fileio.c agent/bootfiles.c

build/test_%: tests/unit/test_%.c $(PURE_SRCS) $(HDRS) | build
	$(CC) $(HOSTFLAGS) -Iagent -o $@ $< $(PURE_SRCS) -lcmocka

# unwrap and kfile act (memfd, zlib): their test links them with the host's zlib.
build/test_unwrap: tests/unit/test_unwrap.c agent/unwrap.c agent/kfile.c agent/log.c agent/sys.c $(PURE_SRCS) $(HDRS) | build
	$(CC) $(HOSTFLAGS) -Iagent -o $@ $< agent/unwrap.c agent/kfile.c agent/log.c agent/sys.c $(PURE_SRCS) -lcmocka -lz

# Bounded children: acting code, but nothing in it can harm the host.
build/test_deadline: tests/unit/test_deadline.c agent/deadline.c agent/sys.c agent/watchdog.c agent/log.c \
		agent/fileio.c agent/tdplan.c agent/wdplan.c agent/cmdline.c $(HDRS) | build
	$(CC) $(HOSTFLAGS) -Iagent -o $@ $< $(filter agent/%.c,$^) -lcmocka

unit: $(UNIT_TESTS)

FUZZERS := $(patsubst tests/fuzz/fuzz_%.c,build/fuzz_%,$(wildcard tests/fuzz/fuzz_*.c))
build/fuzz_%: tests/fuzz/fuzz_%.c $(PURE_SRCS) $(HDRS) | build
	$(CLANG) -g -O1 -fsanitize=fuzzer,address,undefined -Iagent -o $@ $< $(PURE_SRCS)

fuzz-build: $(FUZZERS)

fuzz: $(FUZZERS)
	for f in $(FUZZERS); do mkdir -p build/corpus/$$(basename $$f); \
	  $$f -max_total_time=$(FUZZ_SECONDS) build/corpus/$$(basename $$f) tests/fuzz/seeds/$$(basename $$f) || exit 1; done

check:
	tests/run-all

# The whole QEMU matrix: every release x initramfs builder x init x scenario (long).
check-all:
	PITSTOP_TIER=all tests/run-all

# The fragile-root guests (LUKS, LVM, md, loop) alone; `make check` runs them too.
check-storage:
	PITSTOP_SUITES=qemu-storage tests/run-all

demo:
	tests/demo

bench: all
	bench/run

install: $(BIN)
	install -D -m 0755 $(BIN) $(DESTDIR)$(SBINDIR)/pitstop
	install -D -m 0755 dracut-module/module-setup.sh $(DESTDIR)$(DRACUTDIR)/module-setup.sh
	install -D -m 0755 dracut-module/pitstop-arm.sh $(DESTDIR)$(DRACUTDIR)/pitstop-arm.sh
	install -D -m 0644 systemd/pitstop.service $(DESTDIR)$(UNITDIR)/pitstop.service
	install -d $(DESTDIR)$(UNITDIR)/sysinit.target.wants
	ln -sf ../pitstop.service $(DESTDIR)$(UNITDIR)/sysinit.target.wants/pitstop.service
	install -D -m 0644 systemd/mdadm-shutdown-pitstop.conf $(DESTDIR)$(UNITDIR)/mdadm-shutdown.service.d/pitstop.conf
	install -D -m 0644 systemd/dracut-shutdown-pitstop.conf $(DESTDIR)$(UNITDIR)/dracut-shutdown.service.d/pitstop.conf
	install -D -m 0755 initramfs-tools-hook/hooks/pitstop $(DESTDIR)$(ITOOLSDIR)/hooks/pitstop
	install -D -m 0755 initramfs-tools-hook/scripts/init-bottom/pitstop $(DESTDIR)$(ITOOLSDIR)/scripts/init-bottom/pitstop
	install -D -m 0755 sysvinit/pitstop-final $(DESTDIR)$(PREFIX)/lib/pitstop/pitstop-final
	install -D -m 0755 sysvinit/pitstop.init $(DESTDIR)$(SYSVDIR)/pitstop
	install -D -m 0755 sysvinit/pitstop.openrc $(DESTDIR)$(PREFIX)/lib/pitstop/openrc/pitstop
	install -D -m 0644 doc/pitstop.8 $(DESTDIR)$(MANDIR)/man8/pitstop.8

# The Debian package, built from a copy of the tree in build/deb/src so that neither the
# tree nor its parent directory (where dpkg-buildpackage puts its results) gets anything:
# the .deb, .buildinfo and .changes land in build/deb/.
deb:
	tests/deps deb
	rm -rf build/deb
	mkdir -p build/deb/src
	tar -cf - --exclude=./build --exclude=./.git --exclude=./agent/pitstop . | tar -C build/deb/src -xf -
	cd build/deb/src && dpkg-buildpackage -us -uc -b
	rm -rf build/deb/src
	lintian --fail-on error,warning build/deb/*.changes
	@ls -l build/deb/*.deb

clean:
	rm -rf build agent/pitstop agent/pitstop-arm64
