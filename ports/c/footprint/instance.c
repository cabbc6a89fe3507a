/*
 * footprint/instance.c: one statically allocated manager of the selected profile, and
 * probes whose sizes (nm -S) are the record sizes, for ports/c/footprint.ts.
 */
#include <stddef.h>

#include "hsx_mbx.h"

/* The manager's whole static RAM: metadata, rings, tap buffers, names, buffers. */
hsx_mbx_t hsx_mbx_instance;

/* Size probes (never used; nm -S reports each size). */
unsigned char hsx_fp_desc[sizeof(hsx_mbx_desc_t)];
unsigned char hsx_fp_handle[sizeof(hsx_mbx_handle_t)];
unsigned char hsx_fp_tap[sizeof(hsx_mbx_tap_t)];
unsigned char hsx_fp_pid[sizeof(hsx_mbx_pid_t)];
unsigned char hsx_fp_zc[sizeof(hsx_mbx_zc_t)];
unsigned char hsx_fp_header[sizeof(hsx_mbx_msg_header_t)];
/* Everything before the name pool: the records, counters and callbacks. */
unsigned char hsx_fp_metadata[offsetof(hsx_mbx_t, names)];
unsigned char hsx_fp_npids[HSX_MBX_NPIDS];
