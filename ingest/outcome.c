/*
 * outcome.c: what becomes of a file, as the user sees it: its status line
 * on opts.out, why it failed on opts.log, the kept results (ingest --json),
 * the counts and the run's worst outcome. Not for deciding the outcome:
 * load.c and ingest.c do.
 */
#include "ingest_int.h"
#include "../lib/alloc.h"
#include "../lib/interrupt.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

/* Before a line goes to out or log: a progress line on the terminal is cleared. */
void ingest_quiet_progress(struct ingest *ig)
{
    if (ig->opts.progress)
        ig->opts.progress(ig->opts.progress_ctx, NULL, NULL, 0, 0);
}

/*
 * s for a line of output: control characters written as \xNN (a newline in a
 * member's name would forge a status line, an escape sequence would reach the
 * terminal), line ends at its end dropped. Returns s when it holds none, else
 * buf (n bytes, the text cut to fit).
 */
const char *ingest_printable(const char *s, char *buf, size_t n)
{
    size_t len = strlen(s), i, w = 0;

    while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    for (i = 0; i < len && (unsigned char)s[i] >= 0x20 && s[i] != 0x7f; i++)
        ;
    if (i == len && s[len] == '\0')
        return s;
    for (i = 0; i < len && w + 5 < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            w += (size_t)snprintf(buf + w, n - w, "\\x%02X", c);
        else
            buf[w++] = (char)c;
    }
    buf[w] = '\0';
    return buf;
}

/* Keep a file's outcome for the caller (ingest --json); memory trouble only loses the list. */
static void keep_result(struct ingest *ig, const char *status, const char *path,
                        const char *profile, long long rows, long long rejected, const char *why)
{
    struct ingest_result *r;

    if (!ig->opts.keep_results)
        return;
    if (ALLOC_GROW(ig->results, ig->sum.nresults + 1, ig->results_cap))
        return;
    ig->sum.results = ig->results;
    r = &ig->results[ig->sum.nresults];
    memset(r, 0, sizeof(*r));
    snprintf(r->status, sizeof(r->status), "%s", status);
    snprintf(r->profile, sizeof(r->profile), "%s", profile ? profile : "");
    r->file = strdup(path);
    r->message = why ? strdup(why) : NULL;
    r->rows = rows;
    r->rejected = rejected;
    if (r->file)
        ig->sum.nresults++;
}

void ingest_print_line(struct ingest *ig, const char *status, const char *path, const char *profile,
                       long long rows, long long rejected)
{
    char shown[4200];

    ingest_quiet_progress(ig);
    if (ig->opts.out)
        fprintf(ig->opts.out, "%s %s profile=%s rows=%lld rejected=%lld\n", status,
                ingest_printable(path, shown, sizeof(shown)), profile ? profile : "-", rows,
                rejected);
    if (strcmp(status, "failed") != 0)
        keep_result(ig, status, path, profile, rows, rejected, NULL);
}

void ingest_failed(struct ingest *ig, const char *path, const char *profile,
                   const struct trdb_err *e)
{
    char shown[4200], why[sizeof(e->msg) * 4];

    if (interrupt_caught()) {
        /* a statement interrupted, a read cut short: nothing wrong with the file, and
           ingest_end names it once */
        ingest_print_line(ig, "interrupted", path, profile, 0, 0);
        if (!ig->interrupted)
            ig->interrupted = strdup(path);
        return;
    }
    ingest_quiet_progress(ig);
    if (ig->opts.log)
        fprintf(ig->opts.log, "trdb: %s: %s\n", ingest_printable(path, shown, sizeof(shown)),
                ingest_printable(e->msg, why, sizeof(why)));
    ingest_print_line(ig, "failed", path, profile, 0, 0);
    keep_result(ig, "failed", path, profile, 0, 0, e->msg);
    ig->sum.counts.files_failed++;
    ig->sum.worst = INGEST_FAILED;
}

void ingest_worsen(struct ingest *ig, int o)
{
    if (o > ig->sum.worst)
        ig->sum.worst = o;
}

void ingest_results_release(struct ingest *ig)
{
    for (size_t i = 0; i < ig->sum.nresults; i++) {
        free(ig->results[i].file);
        free(ig->results[i].message);
    }
    free(ig->results);
    ig->results = NULL;
    ig->sum.results = NULL;
    ig->sum.nresults = ig->results_cap = 0;
}
