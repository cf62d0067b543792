/*
 * banned.h: string and number functions that have no bound or no error
 * check become compile errors (git's banned.h). Include it LAST in every C
 * file, after the system headers, so that their declarations are untouched.
 * Use snprintf, buf_printf (lib/buf.h), strtol/strtoll with end checks.
 */
#ifndef TRDB_BANNED_H
#define TRDB_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#undef vsprintf
#define sprintf(...) BANNED(sprintf)
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef gets
#define gets(x) BANNED(gets)

#endif
