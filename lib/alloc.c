/*
 * alloc.c: the array-growth helper behind ALLOC_GROW (see alloc.h). Not
 * for byte buffers with caps (lib/buf.c).
 */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>

#include "banned.h"

int alloc_grow(void **arr, size_t *cap, size_t need, size_t elem, size_t first)
{
    size_t nc;
    void *p;

    if (need <= *cap)
        return 0;
    nc = *cap > SIZE_MAX / 2 ? SIZE_MAX : *cap * 2;
    if (nc < first)
        nc = first;
    if (nc < need)
        nc = need;
    if (elem && nc > SIZE_MAX / elem)
        return -1;
    if (!(p = realloc(*arr, nc * elem)))
        return -1;
    *arr = p;
    *cap = nc;
    return 0;
}
