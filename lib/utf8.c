/*
 * utf8.c: validation and trimming by hand (they run on every cell), the
 * folding key on top of utf8proc's normalization and category tables.
 */
#include "utf8.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "banned.h"

int utf8_valid(const char *str, size_t n, size_t *bad_at)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;

    while (i < n) {
        unsigned char c = s[i];
        size_t need;
        unsigned long cp, min;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            need = 1, cp = c & 0x1f, min = 0x80;
        else if (c >= 0xe0 && c <= 0xef)
            need = 2, cp = c & 0x0f, min = 0x800;
        else if (c >= 0xf0 && c <= 0xf4)
            need = 3, cp = c & 0x07, min = 0x10000;
        else
            goto bad;
        if (n - i <= need)
            goto bad;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                goto bad;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            goto bad;
        i += need + 1;
    }
    return 1;
bad:
    if (bad_at)
        *bad_at = i;
    return 0;
}

/* Length of the white space character at s, or 0. */
static size_t space_len(const unsigned char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == '\v' || *s == '\f')
        return 1;
    if (s[0] == 0xc2 && s[1] == 0xa0) /* U+00A0 no-break space */
        return 2;
    if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xaf || (s[2] >= 0x80 && s[2] <= 0x8a)))
        return 3; /* U+202F narrow no-break space, U+2000..U+200A */
    if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80) /* U+3000 ideographic space */
        return 3;
    return 0;
}

char *utf8_collapse_space(char *s)
{
    unsigned char *r = (unsigned char *)s, *w = (unsigned char *)s;
    int pending = 0;

    while (*r) {
        size_t k = space_len(r);
        if (k) {
            pending = 1;
            r += k;
            continue;
        }
        if (pending && w != (unsigned char *)s)
            *w++ = ' ';
        pending = 0;
        *w++ = *r++;
    }
    *w = '\0';
    return s;
}

char *utf8_trim(char *s)
{
    unsigned char *p = (unsigned char *)s, *end, *last;
    size_t k;

    while ((k = space_len(p)) != 0)
        p += k;
    /* find the end of the last non-space character */
    last = p;
    for (end = p; *end;) {
        k = space_len(end);
        if (k) {
            end += k;
        } else {
            end++;
            last = end;
        }
    }
    memmove(s, p, (size_t)(last - p));
    s[last - p] = '\0';
    return s;
}

/* Apostrophe-like characters and the full stop vanish from keys. */
static int dropped(utf8proc_int32_t cp)
{
    return cp == '\'' || cp == '.' || cp == 0x2019 || cp == 0x2018 || cp == 0x02bc ||
           cp == 0x00b4 || cp == '`';
}

static int separating(utf8proc_int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);

    switch (c) {
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
        return 1;
    default:
        return 0;
    }
}

/* Append one word to the key, applying the word rules. */
static int put_word(struct buf *out, const char *w, size_t n)
{
    if (n == 3 && memcmp(w, "the", 3) == 0)
        return 0;
    if (out->len && buf_putc(out, ' '))
        return -1;
    if (n == 2 && memcmp(w, "st", 2) == 0)
        return buf_puts(out, "saint");
    return buf_append(out, w, n);
}

char *utf8_fold_key(const char *s, size_t n)
{
    utf8proc_uint8_t *norm = NULL;
    utf8proc_ssize_t len, i = 0;
    struct buf out, word;
    char *key = NULL;

    if (!utf8_valid(s, n, NULL))
        return NULL;
    len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &norm,
                       UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                           UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
    if (len < 0)
        return NULL;
    buf_init(&out, (size_t)len * 2 + 16);
    buf_init(&word, (size_t)len + 1);
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(norm + i, len - i, &cp);
        if (k <= 0)
            goto out;
        if (dropped(cp)) {
            /* nothing */
        } else if (cp == '&' || separating(cp)) {
            if (word.len && put_word(&out, word.data, word.len))
                goto out;
            buf_reset(&word);
            if (cp == '&' && put_word(&out, "and", 3))
                goto out;
        } else if (buf_append(&word, norm + i, (size_t)k)) {
            goto out;
        }
        i += k;
    }
    if (word.len && put_word(&out, word.data, word.len))
        goto out;
    key = buf_detach(&out);
out:
    free(norm);
    buf_release(&word);
    buf_release(&out);
    return key;
}

size_t utf8_width(const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t w = 0;

    while (*p) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &c);
        if (n <= 0) {
            w++;
            p++;
            continue;
        }
        w += (size_t)utf8proc_charwidth(c);
        p += n;
    }
    return w;
}
