/*
 * profile.h: format profiles, the JSON files in data/formats/ that say how
 * to recognize a publisher's layout and how its columns become facts. This
 * module loads and checks profiles (profile.c, profile_spec.c) and binds one
 * to a file's header (profile_bind.c); it does not read rows
 * (ingest/ingest.c does) or parse cells (model/ does).
 */
#ifndef TRDB_PROFILE_H
#define TRDB_PROFILE_H

#include <stddef.h>

#include "../model/period.h"
#include "../model/value.h"

struct buf;
struct trdb_err;
struct records_table;
struct rx;
struct vocab;

/*
 * The fields a profile can fill: a fact's dimensions, in the order of the
 * facts view (F_PERIOD..F_SUBCATEGORY, but detail is not in the view), then an app record's
 * (F_STORE..F_CHANGE). F_REASON serves both.
 */
enum field_id {
    F_PERIOD,
    F_COUNTRY,
    F_REQUEST_TYPE,
    F_LEGAL_PROCESS,
    F_REQUESTER,
    F_PRODUCT,
    F_REASON,
    F_DETAIL,
    F_SUBCATEGORY,
    F_STORE,
    F_APP_ID,
    F_BUNDLE_ID,
    F_APP_NAME,
    F_DEVELOPER,
    F_CATEGORY,
    F_STOREFRONT,
    F_DATE,
    F_SOURCE_URL,
    F_AVAILABLE,
    F_CHANGE,
    F_COUNT
};

/* The last of the facts' text fields. */
#define F_FACT_LAST F_SUBCATEGORY

/* What a profile's rows become. */
enum profile_kind {
    KIND_FACTS,            /* published figures */
    KIND_APP_REMOVALS,     /* apps removed from a storefront, as a monitor lists them */
    KIND_APP_OBSERVATIONS, /* an app seen available, or not, in a storefront */
    KIND_APP_CHANGES,      /* status changes: +1 restored, -1 removed */
    KIND_RECORDS,          /* records of a side table (model/records.h), not figures */
    KIND_SKIP              /* a layout known and deliberately not read: the file is skipped */
};

/* The order of a profile that names none ("order"): after those that do. */
#define PROFILE_ORDER_DEFAULT 1000

enum profile_format { FORMAT_CSV, FORMAT_JSON, FORMAT_JSONL };

/* Name of a field as written in profiles ("legal_process"). */
const char *profile_field_name(enum field_id f);

enum field_source {
    SRC_NONE,
    SRC_COLUMN,   /* a CSV column, by pattern */
    SRC_VALUE,    /* a fixed value */
    SRC_FILENAME, /* capture groups of a pattern on the file name */
    SRC_PATH,     /* a JSON record's value at a dotted path ("results.0.trackId") */
    SRC_MTIME     /* the file's modification time */
};

struct map_entry {
    struct rx *rx;
    char *value;
};

struct field_spec {
    enum field_source src;
    struct rx *column;      /* SRC_COLUMN */
    char *path;             /* SRC_PATH */
    char *value;            /* SRC_VALUE */
    struct rx *filename;    /* SRC_FILENAME: captures joined by spaces */
    struct rx *code_column; /* country: a column of codes that decide it, the name a cross-check */
    struct map_entry *map;  /* first match wins; the cell is the value when nothing matches */
    size_t nmap;
    char *dflt; /* value when the cell is blank, nothing in map matches, or the column is absent */
    char *template; /* "{}" is the cell, "{Header}" another column */
    int optional;   /* a blank cell is allowed (no value), not a reject */
    int required;   /* a key: the column must be in the file (period and country always are) */
    char *
        *languages; /* country: languages of the names (iso-codes translations), NULL-terminated */
    struct period_opts popts;
    struct rx *skip;      /* rows whose cell matches are not data */
    struct rx *aggregate; /* facts whose value matches total others */
    int half_year;        /* period: a period that is not a half-year is a reject */
};

/* A column of a records profile's table and where its value comes from. */
struct record_field {
    char *name;              /* the table's column */
    int col;                 /* its position in the table (records_column) */
    struct rx *column;       /* the file's column, by pattern */
    char *value;             /* or a fixed value */
    struct rx *indicator;    /* or, in an "indicators" layout, the row whose indicator matches */
    char *dflt;              /* the value for a blank cell */
    int date;                /* "parse": "date": a day, stored as YYYY-MM-DD */
    struct rx *skip;         /* rows whose cell matches are not data */
    struct rx *above, *when; /* for rows whose cell matches when: the nearest cell above that
                                matches above (a keyword's category); no value on other rows */
};

struct measure_spec {
    char *metric;
    char *request_type;    /* this figure's request type when the row holds several, or NULL */
    struct rx *column;     /* one column, or every column it matches when dimension is set */
    struct rx *low, *high; /* a band given as two columns */
    char *value;           /* a fixed figure (one per row, e.g. item-level records) */
    struct value_opts vopts;
    int dimension;   /* F_* filled from the column's first capture group, or -1 */
    struct rx *note; /* a column of text about this figure (fact_notes), or NULL */
    int optional;    /* (kept for old profiles: every measure column may be missing) */
    int required;    /* a key: the column must be in the file for the profile to fit */
};

/*
 * Header translations of one language (formats/i18n/LANG.tsv), sorted by
 * key: a localized download's header cell (or a text field's cell) whose
 * key is an entry's stands for the entry's English text.
 */
struct i18n_entry {
    char *en;   /* the English text */
    char *key;  /* the translated text, case-folded, white space collapsed */
    size_t seq; /* order found: among equal keys the first wins */
    int line;
};

struct profile_lang {
    char *lang; /* "de", "pt_BR": the file's name, also the iso-codes language */
    struct i18n_entry *e;
    size_t n, cap;
};

/* Every language's table, owned by a profile set. */
struct profile_i18n {
    struct profile_lang *langs;
    size_t n, cap;
};

/*
 * One level of a hierarchy (profile key "hierarchy"): rows whose cell in
 * the hierarchy's column matches match are of this level; the cell is
 * the value of field, and with under set the row takes the other
 * hierarchy fields from the nearest row above of level under.
 */
struct hier_level {
    struct rx *match;
    int field;     /* F_*: a facts text field */
    char *name;    /* may be NULL */
    int under;     /* index of the level above it, or -1 */
    int aggregate; /* the row's facts total other rows */
};

struct hierarchy {
    struct rx *column; /* NULL: the profile has no hierarchy */
    struct hier_level *levels;
    size_t nlevels;
};

/* A column of text about the whole row ("notes"): kept in fact_notes, unless skip matches. */
struct note_spec {
    struct rx *column;
    struct rx *skip;
};

/*
 * Where the publisher comes from when a column names it per file (the
 * profile key "publisher" as an object): the column's value on the first
 * row is looked up, in order, among the report identifications loaded
 * (from_reports: table dsa_reports, by service and period), in providers
 * (a SERVICE<TAB>PROVIDER file under the data folder), else it is the
 * publisher itself, with a warning.
 */
struct publisher_spec {
    struct rx *column; /* NULL: the profile's publisher is fixed */
    int from_reports;
    char *providers; /* path under the data folder, or NULL */
};

struct profile {
    char *name;
    char *description;
    char *publisher; /* when pub.column names it per file, a text that says so */
    char *dataset;
    char *encoding; /* the text encoding of this publisher's files, or NULL (UTF-8) */
    enum profile_kind kind;
    enum profile_format format;
    int unparsable_unknown; /* JSON: an empty or unparsable file is one record of unknowns */
    int header_rows;        /* CSV: 1, or 2 for a group row over a label row ("GROUP / LABEL") */
    char **keys;            /* JSON: paths the first record must hold, NULL-terminated */
    char **paths;           /* JSON: every path the fields read, NULL-terminated */
    size_t npaths;
    char *path;  /* the file it came from */
    int summary; /* feeds country_summary */
    struct rx *filename;
    struct rx **columns; /* every one must match a header */
    size_t ncolumns;
    struct rx **ignore; /* headers known and deliberately unused */
    size_t nignore;
    struct field_spec field[F_COUNT];
    struct measure_spec *measures;
    size_t nmeasures;
    struct hierarchy hier;
    struct note_spec *notes;
    size_t nnotes;
    struct publisher_spec pub;
    const struct profile_i18n *i18n; /* the set's translations (not owned), or NULL */
    int order;                       /* files of one folder or zip load in this order */
    /* KIND_RECORDS */
    const struct records_table *table; /* model/records.h */
    struct record_field *rec;
    size_t nrec;
    struct rx *ind_name, *ind_value; /* "indicators": one record per file, a row per indicator */
    char *publisher_from; /* a field whose value is the file's publisher, "bundle", or NULL */
};

struct profile_set {
    struct profile *p;
    size_t n;
    struct vocab *vocab; /* data/vocabulary, owned by the set (model/vocab.h) */
    size_t cap;          /* room in p */
    char **source;       /* per profile: PROFILE_BUILTIN, or the user folder or file it came from */
    size_t source_cap;
    struct profile_i18n i18n; /* the i18n/ tables of every folder searched */
};

/*
 * Load every *.json in dir, sorted by file name, checking request types and
 * metrics against the vocabulary in vocab_dir (model/vocab.h). Returns 0
 * with *out (free it with profile_set_free), or a negative code with the
 * file and the problem in err (a bad pattern, an unknown key, a missing
 * required key, a metric or request type the vocabulary does not list, two
 * profiles with one name, a file over 1 MiB).
 */
int profile_set_load(const char *dir, const char *vocab_dir, struct profile_set **out,
                     struct trdb_err *err);

/* 1 when name is a request type of the vocabulary. */
int profile_set_request_type_known(const struct profile_set *set, const char *name);
/* Free a set with its profiles and vocabulary. set may be NULL. */
void profile_set_free(struct profile_set *set);
const struct profile *profile_find(const struct profile_set *set, const char *name);

/*
 * 1 when p takes a field from the file's name or modification time: then
 * the same bytes under another name or time are another record.
 */
int profile_reads_file_name(const struct profile *p);

/*
 * The value fs's map gives s[0..n): the first entry whose pattern matches,
 * its "$1".."$9" replaced by what the groups captured (nothing for a group
 * that took no part) and "$$" by a dollar. Returns 1 with the value in out,
 * 0 when no entry matches (out untouched), or a negative TRDB_E* code (a
 * match limit, a buffer past its cap, out of memory).
 */
int profile_map_value(const struct field_spec *fs, const char *s, size_t n, struct buf *out);

/* A profile bound to one file's header: which column feeds what. */
struct bound_measure {
    const struct measure_spec *m;
    int col, low_col, high_col;
    int note_col;    /* the column of the figure's note, or -1 */
    char *dim_value; /* for unpivoted columns: the dimension value from the header */
};

struct profile_binding {
    const struct profile *p;
    int col[F_COUNT];        /* column of each SRC_COLUMN field, or -1 */
    int code_col;            /* country code column, or -1 */
    int hier_col;            /* the hierarchy's column, or -1 */
    int pub_col;             /* the column naming the publisher, or -1 */
    int *note_cols;          /* per p->notes: the column, or -1 */
    char *fixed[F_COUNT];    /* SRC_FILENAME values resolved from the file name */
    int *tmpl_cols[F_COUNT]; /* columns named in each field's template, in order */
    struct bound_measure *bm;
    size_t nbm;
    size_t nheaders;
    unsigned char *used; /* per header: 1 when the profile reads it, 2 when it ignores it */
    int score;           /* headers used */
    int header_fits;     /* only the file name stood in the way */
    char why[400];       /* why it did not bind */
    size_t *missing;     /* measures (indexes in p->measures) whose column is not in the file */
    size_t nmissing;
    int absent[F_COUNT]; /* 1 for a field whose column is not in the file (not a key) */
    int keys_found;      /* key columns found, of keys_total: how close a profile came */
    int keys_total;
    char misses[400];                /* the key columns not found, as patterns, for detect */
    const struct profile_lang *lang; /* the language the header was read in, or NULL (as is) */
    const char **country_langs; /* the profile's country languages and lang's, NULL-terminated */
    int *rec_col;               /* KIND_RECORDS: the file's column of each record field, or -1 */
    int ind_name_col, ind_value_col; /* KIND_RECORDS "indicators": the columns, or -1 */
};

/*
 * Bind p to a header (already trimmed, white space collapsed). filename is
 * the base name of the file. The key columns (match.columns, the period
 * and country columns, fields and measures marked required) must all be
 * there, and at least one measure's column; other columns may be absent
 * (b->missing, b->absent). A localized header is read through p's
 * translations: each language that translates one of its cells is tried,
 * each translated cell matched as its English text, and the best fit wins
 * (b->lang; the header as it is on a tie). Returns 0 when they are,
 * TRDB_ENOTFOUND with the reason in b->why when not, TRDB_ENOMEM. Release
 * the binding with profile_binding_release either way.
 */
int profile_bind(const struct profile *p, const char *filename, char **headers, size_t n,
                 struct profile_binding *b);

/*
 * The English text a cell of text field f (request_type .. detail of a
 * facts profile) stands for in the language b's header was read in, or
 * NULL (no language, another field, no translation): the cell as it is.
 */
const char *profile_binding_english(const struct profile_binding *b, int f, const char *cell);
void profile_binding_release(struct profile_binding *b);

/*
 * Add the translation tables of dir/i18n (every LANG.tsv; none when the
 * folder is not there) to t, after those already in it: for one language
 * and one translated text, the first folder's line wins. Returns 0, or a
 * negative code with err naming the file and line (a line that is not two
 * tab-separated texts, one translated text given for two English ones in
 * one file, a name that is not a language code).
 */
int profile_i18n_load_dir(struct profile_i18n *t, const char *dir, struct trdb_err *err);
void profile_i18n_release(struct profile_i18n *t);

/*
 * The English text that text (a header or a cell, compared case-insensitively
 * with its white space collapsed) translates in L, or NULL. L may be NULL.
 */
const char *profile_lang_english(const struct profile_lang *L, const char *text);

/* The source of a profile from the built-in folder (profile_source). */
#define PROFILE_BUILTIN "built-in"

/*
 * Load the profiles of a search path, the user's before the built-in ones:
 * first file (one profile file, or NULL), then every *.json of each folder
 * of user_dirs (NULL-terminated, or NULL) in order, then builtin_dir's, all
 * under profile_set_load's rules. The first profile found with a name wins:
 * a later one of that name (a built-in a user profile replaces) is left
 * out, while two of one name from one folder are still an error. Returns 0
 * with *out (free it with profile_set_free), or a negative code with err
 * naming the file or the folder that cannot be read (every folder given
 * must exist).
 */
int profile_set_load_search(const char *file, const char *const *user_dirs, const char *builtin_dir,
                            const char *vocab_dir, struct profile_set **out, struct trdb_err *err);

/* Where p of set came from: PROFILE_BUILTIN, or a user folder or file. Owned by set. */
const char *profile_source(const struct profile_set *set, const struct profile *p);

/*
 * 1 when a --format value names a profile file rather than a profile: it
 * holds a '/' or ends in ".json". 0 for NULL.
 */
int profile_name_is_path(const char *name);

#endif
