/*
 * adapter.h: what the protocol loop (main.c) knows of one profile's build of the
 * mailbox level (instance.c, compiled once per profile with HSX_PROFILE_<NAME> and
 * its own HSX_MBX_NS symbol prefix).
 */
#ifndef HSX_ADAPTER_H
#define HSX_ADAPTER_H

#include "json.h"

/* call() outcomes */
#define ADAPTER_OK 0
#define ADAPTER_UNSUPPORTED 1 /* not an operation of the mailbox level */
#define ADAPTER_ERROR 2       /* bad arguments; the message is in out */

typedef struct adapter_profile {
    const char *name; /* the profile's name, from the generated hsx_profiles.h */
    void *(*create)(void);
    void (*destroy)(void *instance);
    /* Run op with args; write the result object (ADAPTER_OK) or an error message (ADAPTER_ERROR). */
    int (*call)(void *instance, const char *op, const jval_t *args, jbuf_t *out);
} adapter_profile_t;

#endif /* HSX_ADAPTER_H */
