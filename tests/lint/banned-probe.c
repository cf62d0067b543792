/*
 * banned-probe.c: must NOT compile. `make lint` builds it with lib/banned.h
 * and fails when the compiler accepts strcpy, i.e. when banned.h stopped
 * working. Not part of the program.
 */
#include <string.h>

#include "../../lib/banned.h"

int main(void)
{
    char dst[8];

    strcpy(dst, "banned");
    return dst[0];
}
