/*
 * alloc.h: one way to grow an array, git's ALLOC_GROW habit. The array's
 * capacity at least doubles, so n appends cost O(n) copies in all. Not for
 * byte buffers with a cap on their size: those are lib/buf.h's.
 */
#ifndef TRDB_ALLOC_H
#define TRDB_ALLOC_H

#include <stddef.h>

/*
 * Make room for at least need elements in *arr, which holds *cap now (both
 * zero/NULL at first). Grows to max(need, 2 * *cap, first). Returns 0, or
 * -1 when memory cannot be had or the size overflows; then *arr and *cap
 * are as they were (the caller still owns and frees *arr).
 */
int alloc_grow(void **arr, size_t *cap, size_t need, size_t elem, size_t first);

/*
 * ALLOC_GROW(arr, n, cap): room for n elements of arr's type, growing from
 * 16. Evaluates to 0 or -1 as alloc_grow; arr must be a pointer lvalue and
 * cap a size_t lvalue.
 */
#define ALLOC_GROW(arr, n, cap) alloc_grow((void **)&(arr), &(cap), (n), sizeof(*(arr)), 16)

#endif
