/*
 * html.c: the page skeleton of the HTML report. The stylesheet and script
 * come from reports/assets/ (embedded in the binary); the page's
 * Content-Security-Policy names their sha256, so nothing else can run or
 * style the page even if some text escaped escaping, and default-src 'none'
 * forbids every network request. Not for the tables of query rows:
 * html_table.c writes those.
 */
#include "html.h"
#include "../lib/err.h"
#include "../lib/sqltext.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

struct html_page {
    FILE *f;
    char *path, *tmp;
};

/*
 * The base64 of the sha256 of s, as a CSP source wants it: 44 characters
 * and a NUL. Returns 0, or TRDB_ENOMEM when libcrypto cannot hash.
 */
static int csp_hash(const char *s, char out[45])
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    if (!EVP_Digest(s, strlen(s), d, &n, EVP_sha256(), NULL) || n != 32)
        return TRDB_ENOMEM;
    return EVP_EncodeBlock((unsigned char *)out, d, 32) == 44 ? 0 : TRDB_ENOMEM;
}

void html_escape(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

void html_text(struct html_page *p, const char *s)
{
    html_escape(p->f, s);
}

FILE *html_file(struct html_page *p)
{
    return p->f;
}

struct html_page *html_page_open(const char *path, const char *title, struct trdb_err *err)
{
    const char *css = sql_text("reports/assets/report.css");
    const char *js = sql_text("reports/assets/report.js");
    struct html_page *p = calloc(1, sizeof(*p));
    size_t n = strlen(path) + 5;
    char css_hash[45], js_hash[45];

    if (!p || !(p->path = strdup(path)) || !(p->tmp = malloc(n))) {
        html_page_abort(p);
        trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        return NULL;
    }
    snprintf(p->tmp, n, "%s.tmp", path);
    if (!(p->f = fopen(p->tmp, "w"))) {
        trdb_err_set(err, TRDB_EIO, "cannot write '%s': %s", p->tmp, strerror(errno));
        html_page_abort(p);
        return NULL;
    }
    if (!css || !js) {
        trdb_err_set(err, TRDB_EIO, "the report's stylesheet or script is missing from this build");
        html_page_abort(p);
        return NULL;
    }
    if (csp_hash(css, css_hash) || csp_hash(js, js_hash)) {
        trdb_err_set(err, TRDB_ENOMEM, "cannot hash the report's stylesheet and script");
        html_page_abort(p);
        return NULL;
    }
    fprintf(p->f,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'sha256-%s'; script-src 'sha256-%s'; img-src 'none'; "
            "base-uri 'none'; form-action 'none'\">\n<title>",
            css_hash, js_hash);
    html_text(p, title);
    fprintf(p->f, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
    return p;
}

int html_page_close(struct html_page *p, struct trdb_err *err)
{
    const char *js = sql_text("reports/assets/report.js");
    int rc = 0;

    fprintf(p->f, "<script>%s</script>\n</body>\n</html>\n", js ? js : "");
    if (ferror(p->f) | (fclose(p->f) != 0))
        rc = trdb_err_set(err, TRDB_EIO, "cannot write '%s': %s", p->tmp, strerror(errno));
    p->f = NULL;
    if (!rc && rename(p->tmp, p->path) != 0)
        rc = trdb_err_set(err, TRDB_EIO, "cannot rename '%s': %s", p->tmp, strerror(errno));
    if (rc) {
        html_page_abort(p);
        return rc;
    }
    free(p->path);
    free(p->tmp);
    free(p);
    return 0;
}

void html_page_abort(struct html_page *p)
{
    if (!p)
        return;
    if (p->f)
        fclose(p->f);
    if (p->tmp)
        remove(p->tmp);
    free(p->path);
    free(p->tmp);
    free(p);
}
