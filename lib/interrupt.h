/*
 * interrupt.h: SIGINT and SIGTERM as a request to stop cleanly. The handler
 * notes the first signal and stops the SQLite statement under way on the
 * connection watched; long work checks interrupt_caught() between steps,
 * rolls back what it had begun and says so; interrupt_exit() then ends the
 * process by the same signal. Not for deciding what to roll back or what to
 * print: the code that checks does that.
 */
#ifndef TRDB_INTERRUPT_H
#define TRDB_INTERRUPT_H

#include <libpq-fe.h>
#include <sqlite3.h>

/*
 * Catch SIGINT and SIGTERM from now on, except a signal that was ignored
 * when trdb started (a background job of a script ignores SIGINT, and stays
 * so). The first signal sets interrupt_caught() and calls sqlite3_interrupt
 * on the connection watched (the statement under way returns
 * SQLITE_INTERRUPT, and SQLite rolls back its transaction). A second signal
 * is ignored once interrupt_caught() has told the program of the first (the
 * cleanup runs); before that (the program waits somewhere it does not look)
 * it ends the process at once. Handlers are installed without SA_RESTART:
 * a read from a pipe, a FIFO or a terminal returns EINTR instead of waiting
 * on. Calling it again does nothing more. Cannot fail.
 */
void interrupt_catch(void);

/*
 * The signal caught first (SIGINT or SIGTERM), or 0. Once it returned a
 * signal, the caller is taken to be cleaning up (see interrupt_catch).
 */
int interrupt_caught(void);

/* "SIGINT", "SIGTERM", or "signal N" for another number. */
const char *interrupt_name(int sig);

/*
 * The connection whose statements a signal stops, or NULL for none: the one
 * running when it comes (sqlite3_interrupt) and every one after it (a
 * progress handler, which this sets on db and takes off the connection
 * watched before). Borrowed: watch NULL before the connection is closed,
 * and before statements that must run whatever comes (the run's end).
 */
void interrupt_watch(sqlite3 *db);

/*
 * The same for a PostgreSQL connection: the first signal sends cancel (from
 * PQgetCancel; PQcancel is safe in a handler) so that the statement under
 * way fails, and interrupt_stops() tells the code that would start the
 * next one. NULL watches none; interrupt_watch(NULL) also ends this watch.
 * Borrowed, as above.
 */
void interrupt_watch_pg(PGcancel *cancel);

/* 1 when a signal came while a connection is watched: no statement should start. */
int interrupt_stops(void);

/*
 * After the cleanup: when a signal was caught, end the process by that
 * signal (its default action), so that the shell reports 128 + N (130 for
 * SIGINT, 143 for SIGTERM) and a script's loop stops as it would for a
 * program that did not catch it (should the signal not end it, it exits with
 * 128 + N). Returns only when no signal was caught.
 */
void interrupt_exit(void);

#endif
