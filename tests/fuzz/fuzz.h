/* fuzz.h - what every fuzz target includes first. */
#ifndef PITSTOP_FUZZ_H
#define PITSTOP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* UBSan only prints by default: make undefined behaviour a crash that
 * libFuzzer keeps as an artifact. */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
