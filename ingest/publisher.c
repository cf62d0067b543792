/*
 * publisher.c: the publisher of a file whose profile names it by a column
 * (a DSA report's Service): read from the file's first data row, then
 * resolved to the provider that publishes it, from a report
 * identification already loaded (table dsa_reports), else the profile's
 * providers file (SERVICE<TAB>PROVIDER), else kept as it is with a
 * warning. Not for the rows' other fields (fields.c).
 */
#include "ingest_int.h"
#include "../lib/fileio.h"
#include "../lib/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/banned.h"

/* A providers file is a few hundred lines; past this it is something else. */
#define PROVIDERS_CAP (1u << 20)

/*
 * The provider the file at path lists for service (case aside), in OUT
 * out. Returns 1, 0 when it lists none, or < 0 with err naming the file
 * (it cannot be read; a line that is not SERVICE<TAB>PROVIDER).
 */
static int providers_lookup(const char *path, const char *service, char *out, size_t cap,
                            struct trdb_err *err)
{
    char *text = fileio_read_all(path, PROVIDERS_CAP, "providers file", NULL, err);
    char *line, *next;
    int lineno = 0, found = 0;

    if (!text)
        return err ? err->code : TRDB_EIO;
    for (line = text; line && *line && !found; line = next) {
        char *tab, *end;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        end = line + strlen(line);
        if (end > line && end[-1] == '\r')
            *--end = '\0';
        if (!*line || *line == '#')
            continue;
        if (!(tab = strchr(line, '\t')) || tab == line || !tab[1]) {
            trdb_err_set(err, TRDB_EDATA, "%s:%d: expected SERVICE<TAB>PROVIDER", path, lineno);
            free(text);
            return TRDB_EDATA;
        }
        *tab = '\0';
        utf8_trim(line);
        utf8_trim(tab + 1);
        if (strcasecmp(line, service) == 0) {
            snprintf(out, cap, "%s", tab + 1);
            found = 1;
        }
    }
    free(text);
    return found;
}

/*
 * The first data row's cell in the publisher column (trimmed) in OUT
 * service, and its period in OUT per (start empty when it has none that
 * reads). Returns 1, 0 when no row names one, or < 0 with err set.
 */
static int first_service(struct filectx *fc, char *service, size_t cap, struct period *per,
                         struct trdb_err *err)
{
    struct source *src = NULL;
    struct csvr *r = NULL;
    struct csvr_row row;
    int rc = 0, pcol = fc->b.col[F_PERIOD];

    per->start[0] = per->end[0] = '\0';
    if ((rc = source_open(&fc->spec, &src, err)) ||
        !(r = csvr_new(source_read, src, fc->path, NULL, err))) {
        rc = rc ? rc : TRDB_EIO;
        goto out;
    }
    while ((rc = csvr_next(r, &row, err)) == 1) {
        if (row.line <= fc->header_line || row.problem || (size_t)fc->b.pub_col >= row.n)
            continue;
        snprintf(service, cap, "%s", row.field[fc->b.pub_col]);
        utf8_trim(service);
        if (!*service)
            continue;
        if (pcol >= 0 && (size_t)pcol < row.n) {
            char cell[128];
            snprintf(cell, sizeof(cell), "%s", row.field[pcol]);
            if (period_parse(fc->ig->pp, cell, &fc->popts, per, NULL))
                per->start[0] = per->end[0] = '\0';
        }
        rc = 1;
        break;
    }
out:
    csvr_free(r);
    source_close(src);
    return rc;
}

int ingest_file_publisher(struct filectx *fc, struct trdb_err *err)
{
    struct ingest *ig = fc->ig;
    const struct publisher_spec *ps = &fc->b.p->pub;
    const char *column;
    char service[512], provider[512] = "", shown[4200];
    struct period per;
    struct trdb_err e = {0, ""};
    int rc;

    if (!ps->column || fc->b.pub_col < 0)
        return 0;
    column = fc->headers[fc->b.pub_col];
    if ((rc = first_service(fc, service, sizeof(service), &per, &e)) <= 0) {
        if (rc == 0)
            trdb_err_set(&e, TRDB_EDATA,
                         "no row names the publisher in column '%s', so the file has none", column);
        fc->fail = e;
        return MAP_FILE_FAILS;
    }
    if (ps->from_reports && per.start[0]) {
        rc = store_report_provider(ig->st, service, per.start, per.end, provider, sizeof(provider),
                                   err);
        if (rc < 0)
            return rc;
    }
    if (!provider[0] && ps->providers) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", ig->opts.data_dir ? ig->opts.data_dir : ".",
                 ps->providers);
        if (providers_lookup(path, service, provider, sizeof(provider), &e) < 0) {
            fc->fail = e;
            return MAP_FILE_FAILS;
        }
    }
    if (!provider[0]) {
        /* never dropped: the figures are the service's own, under its name */
        snprintf(provider, sizeof(provider), "%s", service);
        ingest_quiet_progress(ig);
        if (ig->opts.log)
            fprintf(ig->opts.log,
                    "trdb: warning: %s: no provider known for '%s' in column '%s' (no report "
                    "identification of it is loaded%s%s): its figures are loaded under '%s'\n",
                    ingest_printable(fc->path, shown, sizeof(shown)), service, column,
                    ps->providers ? ", and none in " : "", ps->providers ? ps->providers : "",
                    service);
        ingest_worsen(ig, INGEST_WARN);
    }
    if (!(fc->service = strdup(service)) || !(fc->publisher = strdup(provider)))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    return 0;
}
