/*
 * interrupt.c: SIGINT and SIGTERM as a request to stop cleanly: the handler
 * that notes the first signal and interrupts the statement under way, and
 * the way out by the same signal once the caller has cleaned up. Not for
 * the cleanup itself (ingest/, cli/).
 */
#include "interrupt.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "banned.h"

static const int handled[] = {SIGINT, SIGTERM};

/* Shared by the handler and the program: only what a handler may touch. */
static volatile sig_atomic_t caught, noticed;
static sqlite3 *volatile watched;
static PGcancel *volatile watched_pg;

static void on_signal(int sig)
{
    sqlite3 *db = watched;
    PGcancel *pg = watched_pg;
    char why[64];

    if (caught && noticed)
        return; /* a second signal while the first one's cleanup runs: it goes on */
    if (caught) {
        /* the first one was never looked at (trdb waits on a FIFO or a terminal): this one
           ends it at once, as it would have without a handler; SQLite never committed half
           a file, so this is as safe as SIGKILL */
        signal(sig, SIG_DFL);
        kill(getpid(), sig);
        return;
    }
    caught = sig;
    /* sqlite3_interrupt only sets a flag the running statement polls: SQLite's shell calls it
       from its SIGINT handler alike */
    if (db)
        sqlite3_interrupt(db);
    /* the server stops the statement under way; it fails with "canceling statement" */
    if (pg)
        PQcancel(pg, why, (int)sizeof(why));
}

void interrupt_catch(void)
{
    static int installed;
    struct sigaction sa, old;

    if (installed)
        return;
    installed = 1;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++)
        sigaddset(&sa.sa_mask, handled[i]);
    sa.sa_flags = 0; /* no SA_RESTART: a blocking read ends with EINTR, and the flag is seen */
    for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++) {
        if (sigaction(handled[i], NULL, &old) == 0 && !(old.sa_flags & SA_SIGINFO) &&
            old.sa_handler == SIG_IGN)
            continue; /* ignored by whoever started trdb: it stays ignored */
        sigaction(handled[i], &sa, NULL);
    }
}

int interrupt_caught(void)
{
    if (caught)
        noticed = 1; /* the caller acts on it: a second signal no longer cuts the cleanup */
    return caught;
}

const char *interrupt_name(int sig)
{
    static char other[32];

    if (sig == SIGINT)
        return "SIGINT";
    if (sig == SIGTERM)
        return "SIGTERM";
    snprintf(other, sizeof(other), "signal %d", sig);
    return other;
}

/*
 * SQLite's progress handler on the connection watched: sqlite3_interrupt
 * stops only the statement running when the signal comes, this one also
 * those begun after it (a script of several, from C code between them).
 */
static int stop_statement(void *ctx)
{
    (void)ctx;
    return caught != 0;
}

void interrupt_watch(sqlite3 *db)
{
    sqlite3 *old = watched;

    watched = NULL;
    if (!db)
        watched_pg = NULL;
    if (old && old != db)
        sqlite3_progress_handler(old, 0, NULL, NULL);
    if (db)
        sqlite3_progress_handler(db, 1000, stop_statement, NULL);
    watched = db;
}

void interrupt_watch_pg(PGcancel *cancel)
{
    watched_pg = cancel;
}

int interrupt_stops(void)
{
    return caught && (watched || watched_pg);
}

void interrupt_exit(void)
{
    int sig = caught;
    struct sigaction sa;
    sigset_t set;

    if (!sig)
        return;
    fflush(NULL);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    kill(getpid(), sig);
    _exit(128 + sig);
}
