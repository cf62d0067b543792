/*
 * buf.h: a growable byte buffer with a hard cap, for anything whose size
 * comes from input (fields, rows, messages). Past the cap an append fails
 * with TRDB_ELIMIT and leaves the buffer as it was. Not a string library:
 * the bytes may hold NULs; buf_cstr() adds a terminator for convenience.
 */
#ifndef TRDB_BUF_H
#define TRDB_BUF_H

#include <stddef.h>

struct buf {
    char *data; /* owned; NULL until the first append */
    size_t len;
    size_t alloc;
    size_t limit; /* largest len allowed */
};

/* Start an empty buffer that may hold at most limit bytes. */
void buf_init(struct buf *b, size_t limit);

/* Free the bytes; the buffer may be reused after buf_init. b may be NULL. */
void buf_release(struct buf *b);

/* Forget the contents, keep the memory. */
void buf_reset(struct buf *b);

/* Append n bytes. Returns 0, TRDB_ELIMIT past the cap, TRDB_ENOMEM. */
int buf_append(struct buf *b, const void *p, size_t n);

/* Append one byte, or a NUL-terminated string. Same returns as buf_append. */
int buf_putc(struct buf *b, char c);
int buf_puts(struct buf *b, const char *s);

/* Append printf-style text. Same returns as buf_append. */
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The contents as a NUL-terminated string (the NUL is not counted in len).
 * Returns "" for an empty buffer, or NULL when memory for the terminator
 * cannot be had. The pointer is valid until the next append.
 */
const char *buf_cstr(struct buf *b);

/* Take ownership of the contents (NUL-terminated); the buffer becomes empty. */
char *buf_detach(struct buf *b);

#endif
