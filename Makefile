# pitstop - an initramfs-resident reboot agent.
#   make              agent/pitstop, static, with klibc (klcc)
#   make check        every test: unit, fuzz smoke, namespaces, QEMU guests
#   make demo         build a guest and show a kexec reboot through pitstop
#   make fuzz         longer fuzzing runs (FUZZ_SECONDS each)
#   make bench        benchmarks (bench/)
#   make install      DESTDIR=... PREFIX=/usr (sysvinit: then update-rc.d pitstop defaults)

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
PURE  := options mountinfo plan tdplan procparse cmdline bls kimage dmlist
# The code that acts.
ACT   := sys log fileio deadline watchdog mounttable blockers umount teardown gate kill swap loopdev dm md syncfs \
         finale kexec bootfiles arm status shutdown sysv handover main
SRCS  := $(addprefix agent/,$(addsuffix .c,$(PURE) $(ACT)))
HDRS  := $(wildcard agent/*.h)

WARN  := -Wall -Wextra -Wno-unused-parameter
KFLAGS := -Os -static -DPITSTOP_VERSION=\"$(VERSION)\" $(WARN) -ffunction-sections -fdata-sections \
          -fno-jump-tables -fno-inline-functions-called-once
HOSTFLAGS := -g -O1 -D_GNU_SOURCE -DPITSTOP_VERSION=\"$(VERSION)\" $(WARN) -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer

.PHONY: all check check-storage unit fuzz fuzz-smoke ns qemu demo bench install clean deps

all: agent/pitstop

# Size: no jump tables and no inlining of single-call functions (-0.5 KB), one
# R+X segment for text and rodata (noseparate-code), and the small
# data segment placed right after it in the file instead of at the next 4 KiB
# boundary (common-page-size=64; the kernel maps it from that offset all the same).
agent/pitstop: $(SRCS) $(HDRS) Makefile
	$(KLCC) $(KFLAGS) -o $@ $(SRCS) -Wl,--gc-sections -Wl,-z,noseparate-code \
		-Wl,-z,common-page-size=64 -Wl,--build-id=none
	strip -R .comment $@

# The same sources with the host libc and sanitizers.
build/pitstop-host: $(SRCS) $(HDRS) | build
	$(CC) $(HOSTFLAGS) -o $@ $(SRCS)

build:
	mkdir -p build

UNIT_TESTS := $(patsubst tests/unit/test_%.c,build/test_%,$(wildcard tests/unit/test_*.c))
PURE_SRCS  := $(addprefix agent/,$(addsuffix .c,$(PURE))) agent/fileio.c agent/bootfiles.c

build/test_%: tests/unit/test_%.c $(PURE_SRCS) $(HDRS) | build
	$(CC) $(HOSTFLAGS) -Iagent -o $@ $< $(PURE_SRCS) -lcmocka

# Bounded children: acting code, but nothing in it can harm the host.
build/test_deadline: tests/unit/test_deadline.c agent/deadline.c agent/sys.c agent/watchdog.c agent/log.c \
		agent/fileio.c agent/tdplan.c $(HDRS) | build
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

# The fragile-root guests (LUKS, LVM, md, loop) alone; `make check` runs them too.
check-storage:
	PITSTOP_SUITES=qemu-storage tests/run-all

demo:
	tests/demo

bench: all
	bench/run

install: agent/pitstop
	install -D -m 0755 agent/pitstop $(DESTDIR)$(SBINDIR)/pitstop
	install -D -m 0755 dracut-module/module-setup.sh $(DESTDIR)$(DRACUTDIR)/module-setup.sh
	install -D -m 0755 dracut-module/pitstop-arm.sh $(DESTDIR)$(DRACUTDIR)/pitstop-arm.sh
	install -D -m 0644 dracut-module/mdadm-shutdown-pitstop.conf $(DESTDIR)$(UNITDIR)/mdadm-shutdown.service.d/pitstop.conf
	install -D -m 0755 initramfs-tools-hook/hooks/pitstop $(DESTDIR)$(ITOOLSDIR)/hooks/pitstop
	install -D -m 0755 initramfs-tools-hook/scripts/init-bottom/pitstop $(DESTDIR)$(ITOOLSDIR)/scripts/init-bottom/pitstop
	install -D -m 0755 sysvinit/pitstop-final $(DESTDIR)$(PREFIX)/lib/pitstop/pitstop-final
	install -D -m 0755 sysvinit/pitstop.init $(DESTDIR)$(SYSVDIR)/pitstop
	install -D -m 0644 doc/pitstop.8 $(DESTDIR)$(MANDIR)/man8/pitstop.8

clean:
	rm -rf build agent/pitstop
