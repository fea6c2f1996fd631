/* unit.h - what every unit test includes first. */
#ifndef PITSTOP_UNIT_H
#define PITSTOP_UNIT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* UBSan only prints by default: make undefined behaviour fail the test. */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}

#endif
